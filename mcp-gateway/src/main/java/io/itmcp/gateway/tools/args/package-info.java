/**
 * Declared tool arguments: each {@code Param} kind knows its JSON schema, its default and how to
 * read a call's value, so the bounds a client sees are the ones enforced; {@code SafeText} is the
 * check every string passes (no control or invisible characters, no option-looking values where a
 * program reads options).
 */
package io.itmcp.gateway.tools.args;

package io.itmcp.gateway.tools.args;

import io.itmcp.gateway.tools.ToolArgumentException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** How a decoded JSON value is typed and described in refusals. */
final class JsonValues {
  private JsonValues() {}

  static <T> T require(Param p, Object value, Class<T> type, String expected) {
    if (!type.isInstance(value)) {
      throw new ToolArgumentException(
          "'" + p.name() + "' must be " + expected + ", not " + describe(value));
    }
    return type.cast(value);
  }

  static long wholeNumber(Param p, Object value) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    BigDecimal exact;
    if (value instanceof BigInteger b) {
      exact = new BigDecimal(b);
    } else if (value instanceof BigDecimal b) {
      exact = b;
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new ToolArgumentException("'" + p.name() + "' must be a whole number, not " + d);
      }
      exact = BigDecimal.valueOf(d);
    } else {
      throw new ToolArgumentException(
          "'" + p.name() + "' must be a whole number, not " + describe(value));
    }
    try {
      return exact.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw new ToolArgumentException(
          "'" + p.name() + "' must be a whole number within range, not " + exact.toPlainString());
    }
  }

  static String describe(Object value) {
    if (value instanceof String s) {
      return "the string " + SafeText.quote(s);
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    if (value instanceof Collection<?>) {
      return "a list";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    return "a " + value.getClass().getSimpleName();
  }
}

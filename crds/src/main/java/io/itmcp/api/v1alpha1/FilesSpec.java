package io.itmcp.api.v1alpha1;

/** How the file tools (cat, head, tail, grep) treat what they find in the allowed directories. */
public class FilesSpec {

  /**
   * Whether a file with more than one hard link may be read. Default false: a hard link made into
   * an allowed directory can name a file of any other directory on the same filesystem, which no
   * path check can see.
   */
  private Boolean allowHardLinks;

  public Boolean getAllowHardLinks() {
    return allowHardLinks;
  }

  public void setAllowHardLinks(Boolean allowHardLinks) {
    this.allowHardLinks = allowHardLinks;
  }
}

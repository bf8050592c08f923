package dev.shadowpipeline.cli.records;

/** The count of lines a reader skipped, as the warnings and the report say it: "1 unreadable line", "3 ... lines". */
final class UnreadableLines {

  private UnreadableLines() {}

  static String count(long n) {
    return n + (n == 1 ? " unreadable line" : " unreadable lines");
  }
}

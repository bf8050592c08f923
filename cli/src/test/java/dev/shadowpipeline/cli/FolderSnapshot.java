package dev.shadowpipeline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a folder holds, byte for byte (each file's bytes as ISO-8859-1, which maps every byte to one char), and which
 * folders: equal snapshots before and after a failed run show it replaced nothing and left nothing behind.
 *
 * @param entries each path relative to the folder, with its content, or {@code "<folder>"}
 */
public record FolderSnapshot(Map<String, String> entries) {

  /** Takes the snapshot of {@code dir} and everything below it. */
  public static FolderSnapshot of(Path dir) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(p -> !p.equals(dir)).toList()) {
        entries.put(
            dir.relativize(p).toString(),
            Files.isDirectory(p)
                ? "<folder>"
                : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return new FolderSnapshot(entries);
  }
}

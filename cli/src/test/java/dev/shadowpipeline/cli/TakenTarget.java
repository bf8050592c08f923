package dev.shadowpipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An output file's place taken by a folder (holding a file of the user's): the run cannot replace it. */
public final class TakenTarget {

  private TakenTarget() {}

  /** Puts the folder where a run writes {@code folder/name}, in place of the file there; returns its path. */
  public static Path byAFolder(Path folder, String name) throws IOException {
    Path target = folder.resolve(name);
    Files.deleteIfExists(target);
    Files.createDirectories(target);
    Files.writeString(target.resolve("keep.txt"), "the user's");
    return target;
  }

  /** Gives the place back to a file. */
  public static void free(Path target) throws IOException {
    Files.delete(target.resolve("keep.txt"));
    Files.delete(target);
    Files.writeString(target, "{}");
  }
}

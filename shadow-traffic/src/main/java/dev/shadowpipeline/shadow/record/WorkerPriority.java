package dev.shadowpipeline.shadow.record;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Gives the calling thread a higher Linux nice value (a lower scheduling priority), so that when the cores are short
 * the kernel runs the threads that serve callers before the one that records. On idle cores a niced thread runs as
 * fast as any other; only when threads compete does it get less time: at nice 10 about a tenth of what a thread at
 * nice 0 gets.
 *
 * <p>Java cannot do this itself: {@link Thread#setPriority} is ignored on Linux unless the JVM is started with
 * {@code -XX:ThreadPriorityPolicy=1}, which warns on every start for users other than root. So the one system call,
 * {@code setpriority(PRIO_PROCESS, tid, nice)}, is made through JNA; on Linux it applies to the one thread whose id is
 * given. Raising a nice value needs no privilege. Elsewhere (macOS would apply it to the whole process) nothing is
 * changed and the outcome says why.
 *
 * <p>Threads that the niced thread starts afterwards inherit its nice value.
 */
public final class WorkerPriority {

  /** Highest nice value Linux knows: the lowest priority. */
  public static final int MAX_NICE = 19;

  private static final int PRIO_PROCESS = 0;
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private WorkerPriority() {}

  /**
   * What a request to lower the thread's priority came to.
   *
   * @param nice the thread's nice value afterwards (unchanged when {@code problem} is set)
   * @param problem why it could not be changed, or {@code null}
   */
  public record Outcome(int nice, String problem) {

    /** Whether the thread runs at the nice value asked for, or lower still. */
    public boolean lowered() {
      return problem == null;
    }
  }

  /**
   * Raises the calling thread's nice value to {@code nice}; a thread already at that value or above is left as it is
   * (a proxy started with {@code nice -n 15} keeps its 15).
   *
   * @param nice 0 to {@link #MAX_NICE}
   */
  public static Outcome lowerCurrentThread(int nice) {
    if (nice < 0 || nice > MAX_NICE) {
      throw new IllegalArgumentException("nice must be 0 to " + MAX_NICE + ": " + nice);
    }
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return new Outcome(0, "thread priorities are set on Linux only");
    }
    int tid;
    int current;
    try {
      tid = threadId();
      current = currentNice();
    } catch (IOException | RuntimeException e) {
      return new Outcome(0, "the thread's id or nice value could not be read: " + e.getMessage());
    }
    if (current >= nice) {
      return new Outcome(current, null);
    }
    try {
      LibC.INSTANCE.setpriority(PRIO_PROCESS, tid, nice);
    } catch (LastErrorException e) {
      return new Outcome(current, "setpriority failed with errno " + e.getErrorCode());
    } catch (LinkageError | RuntimeException e) {
      // no native access: JNA's library could not be unpacked (a read-only temporary folder) or
      // loaded
      return new Outcome(current, "native calls are unavailable: " + e);
    }
    try {
      return new Outcome(currentNice(), null);
    } catch (IOException | RuntimeException e) {
      return new Outcome(nice, null);
    }
  }

  /**
   * The calling thread's nice value, as the kernel reports it (field 19 of {@code /proc/thread-self/stat}).
   *
   * @throws IOException when the file cannot be read (not Linux, or a kernel before 3.17)
   */
  public static int currentNice() throws IOException {
    return niceOf(THREAD_SELF.resolve("stat"));
  }

  /** The nice value in a {@code /proc/.../stat} file: a thread's or a process's. */
  public static int niceOf(Path stat) throws IOException {
    String line = Files.readString(stat, StandardCharsets.US_ASCII);
    // the thread's name, in parentheses, may hold spaces and parentheses itself: fields are
    // counted from the last ')'; after it come field 3 (the state) and on
    String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ", -1);
    return Integer.parseInt(fields[19 - 3]);
  }

  // "/proc/thread-self" links to "<pid>/task/<tid>"
  private static int threadId() throws IOException {
    Path target = Files.readSymbolicLink(THREAD_SELF);
    return Integer.parseInt(target.getFileName().toString());
  }

  /** The C library's call, loaded on first use. */
  private interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int setpriority(int which, int who, int prio) throws LastErrorException;
  }
}

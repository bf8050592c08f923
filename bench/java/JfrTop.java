// Where the CPU goes, from a JFR recording's jdk.ExecutionSample events: the top frames by self share (the method
// running when the sample was taken) and by total share (the method anywhere on the stack), per thread group.
// JDK only, run as a single-file program:
//   java bench/java/JfrTop.java RECORDING.jfr [TOP_N] [THREAD_PREFIX...]
// Thread groups: names are cut at their last '-' followed by digits ("vert.x-eventloop-thread-1" -> "vert.x-eventloop-
// thread"), so the two event loops count together. With THREAD_PREFIX arguments only those threads are counted.
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

public final class JfrTop {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    List<String> prefixes = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      prefixes.add(args[i]);
    }
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    long samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      RecordedThread t = e.getThread("sampledThread");
      String name = t == null || t.getJavaName() == null ? "?" : t.getJavaName();
      if (!prefixes.isEmpty() && prefixes.stream().noneMatch(name::startsWith)) {
        continue;
      }
      samples++;
      threads.merge(name.replaceAll("-\\d+$", ""), 1L, Long::sum);
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      self.merge(method(frames.get(0)), 1L, Long::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String m = method(f);
        if (seen.add(m)) {
          total.merge(m, 1L, Long::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d execution samples%n%nby thread%n", samples);
    print(threads, samples, top);
    System.out.printf(Locale.ROOT, "%nself (top frame)%n");
    print(self, samples, top);
    System.out.printf(Locale.ROOT, "%ntotal (anywhere on the stack)%n");
    print(total, samples, top);
  }

  static String method(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    if (m == null) {
      return "?";
    }
    return m.getType().getName() + "." + m.getName();
  }

  static void print(Map<String, Long> counts, long samples, int top) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            en ->
                System.out.printf(
                    Locale.ROOT, "%6.1f%%  %7d  %s%n", 100.0 * en.getValue() / samples, en.getValue(), en.getKey()));
  }
}

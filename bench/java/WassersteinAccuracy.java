// Benchmark helper for bench/drift-vs-scipy.sh: how far the bucketed and the sort-based Wasserstein-1 distances lie
// from the exact value on the benchmark's columns. Run as a single-file program against the shadow jar:
//   java -Xmx3g -cp cli/target/shadow.jar bench/java/WassersteinAccuracy.java DIR
// Reads DIR/reference.npy and DIR/current.npy (float64, rows x columns) and prints, per column, as JSON lines: the
// exact distance (rational arithmetic on the same doubles, BigDecimal, rounded once) and each method's distance from
// it in units in the last place. The two methods are package-private; they are reached by reflection, as a test would.
import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class WassersteinAccuracy {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    double[][] ref = npy(dir.resolve("reference.npy"));
    double[][] cur = npy(dir.resolve("current.npy"));
    Method bucketed = method("BucketedWasserstein", "distance", double[].class, double[].class);
    Method sortBased = method("CdfDistance", "wasserstein", double[].class, double[].class);
    for (int c = 0; c < ref.length; c++) {
      double[] a = ref[c].clone();
      double[] b = cur[c].clone();
      Arrays.sort(a);
      Arrays.sort(b);
      double exact = exact(a, b);
      double ours = (double) bucketed.invoke(null, ref[c], cur[c]);
      double sorted = (double) sortBased.invoke(null, a, b);
      System.out.printf(Locale.ROOT, "{\"column\": %d, \"exact\": %.17g, \"bucketed_ulps\": %.0f, \"sort_based_ulps\": %.0f}%n",
          c, exact, (ours - exact) / Math.ulp(exact), (sorted - exact) / Math.ulp(exact));
    }
  }

  static Method method(String type, String name, Class<?>... parameters) throws Exception {
    Method m = Class.forName("dev.shadowpipeline.drift.stattest." + type).getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return m;
  }

  /** The integral of |F_a - F_b| over the pooled values, exactly, then rounded once; a and b sorted. */
  static double exact(double[] a, double[] b) {
    long n1 = a.length;
    long n2 = b.length;
    BigDecimal sum = BigDecimal.ZERO;
    int i = 0;
    int j = 0;
    double prev = Math.min(a[0], b[0]);
    while (i < a.length || j < b.length) {
      double x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      long g = n2 * i - n1 * j; // n1 n2 (F_a - F_b) just below x
      if (g != 0 && x != prev) {
        sum = sum.add(new BigDecimal(x).subtract(new BigDecimal(prev)).multiply(BigDecimal.valueOf(Math.abs(g))));
      }
      while (i < a.length && a[i] == x) {
        i++;
      }
      while (j < b.length && b[j] == x) {
        j++;
      }
      prev = x;
    }
    return sum.divide(BigDecimal.valueOf(n1).multiply(BigDecimal.valueOf(n2)), MathContext.DECIMAL128).doubleValue();
  }

  /** A float64, C-order, 2-D .npy file as its columns. */
  static double[][] npy(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(head, 0);
      int headerLength = head.getShort(8) & 0xffff;
      ByteBuffer header = ByteBuffer.allocate(headerLength);
      channel.read(header, 10);
      String dict = new String(header.array(), StandardCharsets.US_ASCII);
      Matcher shape = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(dict);
      if (!dict.contains("'<f8'") || !dict.contains("'fortran_order': False") || !shape.find()) {
        throw new IOException(file + ": expected a 2-D little-endian float64 array in C order: " + dict);
      }
      int rows = Integer.parseInt(shape.group(1));
      int cols = Integer.parseInt(shape.group(2));
      ByteBuffer body = channel.map(FileChannel.MapMode.READ_ONLY, 10 + headerLength, 8L * rows * cols)
          .order(ByteOrder.LITTLE_ENDIAN);
      double[][] columns = new double[cols][rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          columns[c][r] = body.getDouble();
        }
      }
      return columns;
    }
  }
}

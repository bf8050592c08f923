package dev.shadowpipeline.drift.classifier;

import dev.shadowpipeline.drift.data.Dataset;
import dev.shadowpipeline.drift.data.LabelColumn;
import dev.shadowpipeline.drift.data.RawColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Seeded synthetic text and vectors for the drift tests. */
public final class Corpora {

  /** A support-ticket vocabulary; every word survives the stop-word list. */
  public static final List<String> WORDS =
      List.of(
          "account",
          "password",
          "login",
          "reset",
          "email",
          "invoice",
          "payment",
          "card",
          "order",
          "delivery",
          "shipping",
          "tracking",
          "address",
          "phone",
          "support",
          "agent",
          "refill",
          "subscription",
          "plan",
          "upgrade",
          "downgrade",
          "cancel",
          "renewal",
          "price",
          "discount",
          "coupon",
          "cart",
          "checkout",
          "receipt",
          "warranty",
          "repair",
          "replace",
          "screen",
          "battery",
          "charger",
          "cable",
          "app",
          "update",
          "crash",
          "error",
          "slow",
          "install",
          "settings",
          "profile",
          "photo",
          "upload",
          "download",
          "sync",
          "backup",
          "storage",
          "device",
          "tablet",
          "laptop",
          "printer",
          "network",
          "wifi",
          "router",
          "signal",
          "speaker",
          "camera");

  private Corpora() {}

  /** {@code n} documents of {@code length} words drawn from {@link #WORDS}, and {@code extra} from {@code planted}. */
  public static List<String> documents(
      int n, int length, List<String> planted, int extra, SplittableRandom random) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < length; k++) {
        b.append(WORDS.get(random.nextInt(WORDS.size()))).append(' ');
      }
      for (int k = 0; k < extra; k++) {
        b.append(planted.get(random.nextInt(planted.size()))).append(' ');
      }
      out.add(b.toString().strip());
    }
    return out;
  }

  /** The documents as a text column (distinct texts and their counts). */
  public static LabelColumn textColumn(String name, List<String> documents) {
    Map<String, long[]> counts = new TreeMap<>();
    for (String d : documents) {
      counts.computeIfAbsent(d, k -> new long[1])[0]++;
    }
    long[] n = new long[counts.size()];
    int i = 0;
    for (long[] c : counts.values()) {
      n[i++] = c[0];
    }
    return new LabelColumn(name, new ArrayList<>(counts.keySet()), n, 0);
  }

  /** A dataset of these columns. */
  public static Dataset dataset(String name, long rows, RawColumn... columns) {
    Map<String, RawColumn> map = new java.util.LinkedHashMap<>();
    for (RawColumn c : columns) {
      map.put(c.name(), c);
    }
    return new Dataset(name, map, rows, 0, List.of());
  }

  /** {@code n} standard normal vectors of {@code dim} numbers, the first {@code shifted} dimensions moved by {@code by}. */
  public static float[][] vectors(int n, int dim, int shifted, double by, SplittableRandom random) {
    float[][] out = new float[n][dim];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < dim; j++) {
        out[i][j] = (float) (gaussian(random) + (j < shifted ? by : 0));
      }
    }
    return out;
  }

  /** A standard normal draw (Box-Muller), from the seeded generator. */
  public static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

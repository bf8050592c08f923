import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Writes the segments benchmark's data: reference and current, ROWS x 20 columns as in ParquetBenchData (16 DOUBLE ~
 * N(i, 1), the current's shifted by 0.1 sd in every second column; 4 VARCHAR columns of 5 values) plus a 21st column
 * {@code region} with 10 values of unequal size (30%, 20%, 12%, 10%, 8%, 6%, 5%, 4%, 3%, 2%), each side as .parquet and
 * as .csv of the same values. In the current data the smallest region ('r9') has column c0 shifted by one sd.
 *
 * <p>Run with the fat jar on the class path (it carries DuckDB):
 * {@code java -cp cli/target/shadow.jar bench/java/SegmentBenchData.java DIR 1000000}
 */
public class SegmentBenchData {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long rows = Long.parseLong(args[1]);
    Files.createDirectories(dir);
    // cumulative shares of the 10 regions
    String region =
        "CASE WHEN u < 0.30 THEN 'r0' WHEN u < 0.50 THEN 'r1' WHEN u < 0.62 THEN 'r2' WHEN u < 0.72 THEN 'r3'"
            + " WHEN u < 0.80 THEN 'r4' WHEN u < 0.86 THEN 'r5' WHEN u < 0.91 THEN 'r6' WHEN u < 0.95 THEN 'r7'"
            + " WHEN u < 0.98 THEN 'r8' ELSE 'r9' END";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (String side : new String[] {"ref", "cur"}) {
        s.execute("SELECT setseed(" + (side.equals("ref") ? "0.25" : "0.75") + ")");
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < 20; i++) {
          if (i % 5 == 4) {
            select.append("['a', 'b', 'c', 'd', 'e'][1 + floor(random() * 5)::INT] AS c").append(i);
          } else {
            double shift = side.equals("cur") && i % 2 == 1 ? 0.1 : 0;
            String planted = i == 0 && side.equals("cur") ? " + CASE WHEN u >= 0.98 THEN 1 ELSE 0 END" : "";
            select.append("round(")
                .append(i + shift)
                .append(planted)
                .append(" + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()), 6) AS c")
                .append(i);
          }
          select.append(", ");
        }
        select.append(region).append(" AS region FROM (SELECT random() AS u FROM range(").append(rows).append("))");
        s.execute("CREATE TABLE " + side + " AS " + select);
        s.execute("COPY " + side + " TO '" + dir.resolve(side + ".parquet") + "' (FORMAT parquet)");
        s.execute("COPY " + side + " TO '" + dir.resolve(side + ".csv") + "' (FORMAT csv, HEADER)");
      }
    }
  }
}

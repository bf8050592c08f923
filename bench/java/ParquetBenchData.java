import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Writes the Parquet benchmark's data: reference and current, ROWS x 20 columns (16 DOUBLE ~ N(i, 1) by Box-Muller
 * over DuckDB's seeded random(), the current's shifted by 0.1 sd in every second column; 4 VARCHAR columns of 5
 * values), each as .parquet (DuckDB's default: Snappy, dictionary strings) and as .csv of the same values.
 *
 * <p>Run with the fat jar on the class path (it carries DuckDB):
 * {@code java -cp cli/target/shadow.jar bench/java/ParquetBenchData.java DIR 1000000}
 */
public class ParquetBenchData {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long rows = Long.parseLong(args[1]);
    Files.createDirectories(dir);
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
            select.append("round(")
                .append(i + shift)
                .append(" + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()), 6) AS c")
                .append(i);
          }
          select.append(i < 19 ? ", " : "");
        }
        select.append(" FROM range(").append(rows).append(")");
        s.execute("CREATE TABLE " + side + " AS " + select);
        s.execute("COPY " + side + " TO '" + dir.resolve(side + ".parquet") + "' (FORMAT parquet)");
        s.execute("COPY " + side + " TO '" + dir.resolve(side + ".csv") + "' (FORMAT csv, HEADER)");
      }
    }
  }
}

package dev.shadowpipeline.shadow.redact;

import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.MAPPER;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.T0;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.ok;
import static dev.shadowpipeline.shadow.fixtures.RecordFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shadowpipeline.shadow.compare.JsonComparator;
import dev.shadowpipeline.shadow.compare.JsonPointerPattern;
import dev.shadowpipeline.shadow.compare.NumericTolerance;
import dev.shadowpipeline.shadow.fixtures.RecordFixtures;
import dev.shadowpipeline.shadow.suite.RegressionSuite;
import dev.shadowpipeline.shadow.suite.SuiteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyRedactorTest {

  private static final List<JsonPointerPattern> PATHS =
      List.of(JsonPointerPattern.parse("/applicant/ssn"), JsonPointerPattern.parse("/email"));
  @TempDir Path dir;

  @Test
  void masksConfiguredFieldsAndLeavesTheOriginalAlone() throws Exception {
    BodyRedactor r = new BodyRedactor(PATHS, RedactionMode.MASK, "");
    JsonNode body =
        MAPPER.readTree("{\"applicant\":{\"ssn\":\"123-45-6789\",\"age\":30},\"email\":\"a@b.c\"}");
    JsonNode out = r.redact(body);
    assertThat(out.at("/applicant/ssn").asText()).isEqualTo(BodyRedactor.MASK);
    assertThat(out.at("/email").asText()).isEqualTo(BodyRedactor.MASK);
    assertThat(out.at("/applicant/age").asInt()).isEqualTo(30);
    assertThat(body.at("/applicant/ssn").asText()).isEqualTo("123-45-6789");
  }

  @Test
  void hashIsSaltedSha256SoEqualValuesStayEqual() throws Exception {
    BodyRedactor r = new BodyRedactor(PATHS, RedactionMode.HASH, "pepper");
    JsonNode a = r.redact(MAPPER.readTree("{\"email\":\"a@b.c\"}"));
    JsonNode b = r.redact(MAPPER.readTree("{\"email\":\"a@b.c\"}"));
    assertThat(a).isEqualTo(b);
    // sha256(b"pepper" + b"\x00" + b"a@b.c") in Python's hashlib, first 16 bytes in hex
    java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
    d.update("pepper\u0000a@b.c".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(a.get("email").asText())
        .isEqualTo("sha256:" + HexFormat.of().formatHex(d.digest(), 0, 16));
    JsonNode otherSalt =
        new BodyRedactor(PATHS, RedactionMode.HASH, "salt")
            .redact(MAPPER.readTree("{\"email\":\"a@b.c\"}"));
    assertThat(otherSalt).isNotEqualTo(a);
  }

  @Test
  void theSecretNeverReachesRecordsOrSuiteEvenWhenItIsTheFieldThatDiffers() throws Exception {
    BodyRedactor r = new BodyRedactor(PATHS, RedactionMode.MASK, "");
    RecordFixtures records =
        new RecordFixtures(new JsonComparator(NumericTolerance.EXACT, List.of()), r);
    Path suiteFile = dir.resolve(RegressionSuite.FILE);
    Path recordsFile = dir.resolve("records.jsonl");
    SuiteWriter suite =
        new SuiteWriter(
            new RegressionSuite(10), suiteFile, MAPPER, Duration.ZERO, System::nanoTime);
    var record =
        records.record(
            request(
                "r1",
                T0,
                "/score",
                "{\"applicant\":{\"ssn\":\"987-65-4321\"},\"email\":\"secret@example.com\"}"),
            ok(
                "{\"email\":\"secret@example.com\",\"applicant\":{\"ssn\":\"987-65-4321\"},\"d\":1}",
                1),
            ok(
                "{\"email\":\"other-secret@example.com\",\"applicant\":{\"ssn\":\"111-22-3333\"},\"d\":2}",
                1));
    Files.writeString(recordsFile, MAPPER.writeValueAsString(record));
    suite.accept(record);
    suite.close();
    for (Path file : List.of(recordsFile, suiteFile)) {
      assertThat(Files.readString(file))
          .doesNotContain(
              "987-65-4321", "111-22-3333", "secret@example.com", "other-secret@example.com")
          .contains(BodyRedactor.MASK);
    }
    assertThat(record.at("/verdict/difference_count").asInt())
        .isEqualTo(3); // the differences are still counted
  }
}

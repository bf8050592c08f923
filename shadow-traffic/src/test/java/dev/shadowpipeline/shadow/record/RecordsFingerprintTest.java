package dev.shadowpipeline.shadow.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordsFingerprintTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theSameFileHasTheSameFingerprintAndItsJsonReadsBack() throws Exception {
    Path file = dir.resolve("records.jsonl");
    Files.writeString(file, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    RecordsFingerprint then = RecordsFingerprint.of(file);
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(file)); // smaller than the tail: the whole file
    assertThat(then)
        .isEqualTo(new RecordsFingerprint("records.jsonl", Files.size(file), crc.getValue()));
    assertThat(then.changeTo(RecordsFingerprint.of(file))).isEmpty();

    ObjectNode json = MAPPER.createObjectNode();
    then.writeTo(json);
    assertThat(json.at("/records_file/bytes").asLong()).isEqualTo(Files.size(file));
    assertThat(json.at("/records_file/tail_crc32").asText()).hasSize(8);
    assertThat(RecordsFingerprint.readFrom(MAPPER.readTree(MAPPER.writeValueAsString(json))))
        .contains(then);
  }

  @Test
  void appendedReplacedAndOtherFilesAreToldApart() throws Exception {
    Path file = dir.resolve("records.jsonl");
    Files.writeString(file, "{\"id\":\"a\"}\n");
    RecordsFingerprint then = RecordsFingerprint.of(file);

    Files.writeString(file, "{\"id\":\"b\"}\n", StandardOpenOption.APPEND);
    assertThat(then.changeTo(RecordsFingerprint.of(file)))
        .contains("records.jsonl had 11 bytes then and has 22 now (records were added since)");

    Files.writeString(file, "{\"id\":\"c\"}\n"); // another run's file of the same size
    assertThat(then.changeTo(RecordsFingerprint.of(file)))
        .contains(
            "records.jsonl had 11 bytes then and has 11 now (the file was replaced since: its last"
                + " records differ)");

    Files.writeString(file, "{}\n");
    assertThat(then.changeTo(RecordsFingerprint.of(file)))
        .contains("records.jsonl had 11 bytes then and has 3 now (the file was replaced since)");

    Path other = dir.resolve("other.jsonl");
    Files.writeString(other, "{\"id\":\"a\"}\n");
    assertThat(then.changeTo(RecordsFingerprint.of(other)))
        .contains("it was computed from records.jsonl, not from other.jsonl");
  }

  @Test
  void onlyTheTailIsReadAndAChangeBeforeItIsStillSeenBySize() throws Exception {
    Path file = dir.resolve("records.jsonl");
    byte[] line = "{\"id\":\"x\"}\n".getBytes(StandardCharsets.US_ASCII);
    byte[] big = new byte[RecordsFingerprint.TAIL_BYTES * 3 + 5];
    for (int i = 0; i < big.length; i++) {
      big[i] = line[i % line.length];
    }
    Files.write(file, big);
    RecordsFingerprint then = RecordsFingerprint.of(file);
    CRC32 crc = new CRC32();
    crc.update(big, big.length - RecordsFingerprint.TAIL_BYTES, RecordsFingerprint.TAIL_BYTES);
    assertThat(then.tailCrc32()).isEqualTo(crc.getValue());
    assertThat(then.bytes()).isEqualTo(big.length);
  }

  @Test
  void aMissingOrMalformedFingerprintIsNone() throws Exception {
    assertThat(RecordsFingerprint.readFrom(MAPPER.readTree("{\"n_records\": 3}"))).isEmpty();
    assertThat(
            RecordsFingerprint.readFrom(
                MAPPER.readTree(
                    "{\"records_file\": {\"name\": \"r\", \"bytes\": 3, \"tail_crc32\": \"zz\"}}")))
        .isEmpty();
    assertThat(
            RecordsFingerprint.readFrom(
                MAPPER.readTree("{\"records_file\": {\"name\": \"r\", \"bytes\": \"x\"}}")))
        .isEmpty();
  }
}

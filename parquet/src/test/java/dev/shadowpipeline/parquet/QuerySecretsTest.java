package dev.shadowpipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The credentials a query or DuckDB's message about it may carry are masked; the rest of the text is kept. */
class QuerySecretsTest {

  @Test
  void masksTheUserInfoOfEveryUrl() {
    assertThat(
            QuerySecrets.mask(
                "SELECT 'https://u:SQLPW888@host.invalid/x' AS note FROM read_csv('s3://TOKEN1@b/k.csv')"))
        .isEqualTo(
            "SELECT 'https://u:****@host.invalid/x' AS note FROM read_csv('s3://****@b/k.csv')");
  }

  @Test
  void masksTheValuesOfSecretLookingSettings() {
    assertThat(
            QuerySecrets.mask(
                "SET s3_secret_access_key='AKSECRET000'; SET s3_access_key_id=AKID1;"
                    + " SET s3_session_token = \"TOK2\"; SET s3_region='eu-west-1';"
                    + " CREATE SECRET (TYPE s3, KEY_ID 'K3', SECRET 'S4'); pg password=PW5 user=me"))
        .isEqualTo(
            "SET s3_secret_access_key='****'; SET s3_access_key_id=****;"
                + " SET s3_session_token = \"****\"; SET s3_region='eu-west-1';"
                + " CREATE SECRET (TYPE s3, KEY_ID '****', SECRET '****'); pg password=**** user=me");
  }

  @Test
  void masksASettingQuotedInsideAHarmlessOne() {
    assertThat(
            QuerySecrets.mask(
                "IO Error: No files found that match the pattern \"x/s3_secret_access_key=AK0/y.csv\""))
        .isEqualTo(
            "IO Error: No files found that match the pattern \"x/s3_secret_access_key=****\"");
  }

  @Test
  void leavesAQueryWithoutSecretsAsItIs() {
    String sql = "SELECT age, salary FROM read_parquet('lake/*.parquet') WHERE day = '2026-11-01'";
    assertThat(QuerySecrets.mask(sql)).isEqualTo(sql);
    assertThat(QuerySecrets.mask(null)).isNull();
  }

  @Test
  void aShortenedQueryIsMaskedBeforeItIsCut() {
    String sql =
        "SELECT age, salary, clicks, 'abcdefghijklmnopqrstuvwxyz0123456789' AS n,"
            + " 'https://u:SQLPW888@host.invalid/x' AS note FROM t";
    assertThat(ParquetSource.sql("--reference-sql", sql).displayName())
        .doesNotContain("SQLPW")
        .endsWith("...");
  }
}

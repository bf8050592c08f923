package dev.shadowpipeline.app.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowpipeline.parquet.QuerySecrets;
import dev.shadowpipeline.shadow.redact.SecretNames;
import org.junit.jupiter.api.Test;

/** The query masker's secret names keep in step with the proxy's deny-list, which its module cannot see. */
class QuerySecretNamesTest {

  @Test
  void everyFragmentOfTheProxysDenyListMasksQuerySettingsToo() {
    assertThat(QuerySecrets.FRAGMENTS).containsAll(SecretNames.DEFAULT_FRAGMENTS);
  }
}

package dev.shadowpipeline.shadow.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's own {@code keytool} at
 * test time, so no key material is committed and nothing outside the JDK is needed.
 */
record TestCertificates(Path keyStore, String password, Path certificatePem) {

  static TestCertificates create(Path dir) throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path keyStore = dir.resolve("upstream.p12");
    Path pem = dir.resolve("upstream-ca.pem");
    String password = "changeit";
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "upstream",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-validity",
            "2",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-keystore",
            keyStore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            password,
            "-keypass",
            password));
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "upstream",
            "-keystore",
            keyStore.toString(),
            "-storepass",
            password,
            "-file",
            pem.toString()));
    return new TestCertificates(keyStore, password, pem);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
  }
}

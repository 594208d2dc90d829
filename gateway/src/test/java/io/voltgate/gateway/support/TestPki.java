package io.voltgate.gateway.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: a CA, a server certificate for 127.0.0.1/localhost
 * and client certificates for charge point ids, written as PEM files into a temporary folder. No
 * private key is ever checked in.
 */
public final class TestPki {

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate caCert;

  private TestPki(Path dir, KeyPair caKeys, X509Certificate caCert) {
    this.dir = dir;
    this.caKeys = caKeys;
    this.caCert = caCert;
  }

  public static TestPki create(Path dir) {
    try {
      KeyPair ca = keys();
      X500Name name = new X500Name("CN=Voltgate Test CA");
      X509v3CertificateBuilder b = builder(name, name, ca);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      X509Certificate cert = sign(b, ca);
      TestPki pki = new TestPki(dir, ca, cert);
      pki.write("ca.pem", cert);
      return pki;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  /** Server certificate and key files, valid for 127.0.0.1 and localhost. */
  public Path[] server() {
    return issue("server", "localhost", true);
  }

  /** Client certificate and key files with the given CN. */
  public Path[] client(String commonName) {
    return issue("client-" + Math.abs(commonName.hashCode()), commonName, false);
  }

  private Path[] issue(String file, String cn, boolean server) {
    try {
      KeyPair keys = keys();
      X509v3CertificateBuilder b = builder(new X500Name("CN=Voltgate Test CA"), new X500Name("CN=" + cn), keys);
      if (server) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      }
      X509Certificate cert = sign(b, caKeys);
      Path certFile = write(file + ".pem", cert);
      Path keyFile = write(file + "-key.pem", keys.getPrivate());
      return new Path[] {certFile, keyFile};
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
        subjectKeys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKeys) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private Path write(String name, Object pem) {
    try {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(pem instanceof java.security.PrivateKey k
            ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : pem);
      }
      Path file = dir.resolve(name);
      Files.writeString(file, out.toString());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate caCertificate() {
    return caCert;
  }
}

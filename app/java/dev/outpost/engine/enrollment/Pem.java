package dev.outpost.engine.enrollment;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** PEM encoding and decoding of certificates and keys, with the JDK's certificate parser. */
final class Pem {

    private static final String BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    private Pem() {
    }

    /**
     * Parses every {@code CERTIFICATE} block in the text, in order.
     *
     * @throws CertificateException when the text holds no certificate or a block is not a valid certificate
     */
    static List<X509Certificate> certificates(String pem) throws CertificateException {
        if (pem == null || !pem.contains(BEGIN_CERTIFICATE)) {
            throw new CertificateException("no CERTIFICATE block");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (var certificate : factory.generateCertificates(new ByteArrayInputStream(
                pem.getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no CERTIFICATE block");
        }
        return certificates;
    }

    /** Parses the first certificate in the text. */
    static X509Certificate certificate(String pem) throws CertificateException {
        return certificates(pem).get(0);
    }

    /** Encodes certificates as consecutive {@code CERTIFICATE} blocks. */
    static String encode(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(encode(new PemObject("CERTIFICATE", certificate.getEncoded())));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("A certificate could not be encoded.", e);
            }
        }
        return text.toString();
    }

    static String encode(PemObject object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}

package dev.taskmill.adapter.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * HTTPS from a PKCS12 keystore holding the server's key and certificate chain.
 *
 * @param keystore the PKCS12 file
 * @param password its password
 */
public record TlsSettings(Path keystore, char[] password) {

    /** The protocol versions served; older ones are refused. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        password = Objects.requireNonNull(password, "password").clone();
    }

    /**
     * A server-side context with the keystore's key.
     *
     * @throws IllegalArgumentException if the keystore cannot be read with the password or holds no key
     */
    SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!hasKey(store)) {
                throw new IllegalArgumentException("TLS keystore " + keystore + " holds no private key");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("TLS keystore " + keystore + ": wrong password", e);
            }
            if (e instanceof NoSuchFileException) {
                throw new UncheckedIOException("TLS keystore " + keystore + " does not exist", e);
            }
            throw new IllegalArgumentException("TLS keystore " + keystore + " cannot be read as PKCS12: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS keystore " + keystore + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsSettings that && keystore.equals(that.keystore)
                && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return keystore.hashCode();
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + "]";
    }
}

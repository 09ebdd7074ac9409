package dev.taskmill.app;

import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Offers one TLS version to a server and prints the version agreed, or the failure. Run in a
 * JVM of its own whose security properties allow old versions, so that a refusal is the server's.
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    public static void main(String[] args) throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
                Integer.parseInt(args[0]))) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {args[1]});
            socket.startHandshake();
            System.out.println("agreed " + socket.getSession().getProtocol());
        } catch (Exception e) {
            System.out.println("refused " + e);
        }
    }
}

package dev.taskmill.adapter.rest.internal;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;

/**
 * Answers requests that offer a protocol upgrade (such as {@code Upgrade: h2c}, which Java's
 * own {@code HttpClient} sends by default) as the plain HTTP/1.1 requests they also are.
 *
 * <p>Without HTTP/2 installed, Grizzly marks such a request as upgraded and then never
 * finds the end of its body (see this package's note). Declining the upgrade, as RFC 9110
 * allows, restores normal parsing.
 */
public final class DeclineUpgrades implements AddOn {

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpCodecFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("No HTTP codec in Grizzly's filter chain");
        }
        builder.add(codec + 1, new Filter());
    }

    /** Clears the upgrade offer while the codec announces it, before the body is parsed. */
    private static final class Filter extends BaseFilter {

        @Override
        public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
            if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
                HttpHeader header = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
                header.getUpgradeDC().recycle();
                header.getHeaders().removeHeader(Header.Upgrade);
                header.getHeaders().removeHeader("HTTP2-Settings");
                header.setIgnoreContentModifiers(false);
                return ctx.getStopAction();
            }
            return ctx.getInvokeAction();
        }
    }
}

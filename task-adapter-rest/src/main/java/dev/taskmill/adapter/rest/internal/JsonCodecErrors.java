package dev.taskmill.adapter.rest.internal;

import dev.taskmill.adapter.rest.error.ErrorWriter;
import java.io.CharConversionException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacketParsing;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpRequestURIDecoder;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;

/**
 * Gives the error object to the answers Grizzly's HTTP codec sends by itself, before any
 * handler runs: a request line, header or body framing it cannot parse (400) and an HTTP
 * version it does not speak (505, which also answers a target holding a space). Grizzly
 * sends those with an empty body; this codec is Grizzly's own, set up as Grizzly sets it up,
 * with only that answer changed: the error object, and 400 for both, as neither is the
 * server's fault.
 */
public final class JsonCodecErrors implements AddOn {

    private final ErrorWriter errors;
    private final boolean allowPayloadForUndefinedHttpMethods;

    public JsonCodecErrors(ErrorWriter errors, boolean allowPayloadForUndefinedHttpMethods) {
        this.errors = errors;
        this.allowPayloadForUndefinedHttpMethods = allowPayloadForUndefinedHttpMethods;
    }

    @Override
    @SuppressWarnings("deprecation") // the constructor Grizzly's own HttpServer uses for this filter
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int index = builder.indexOfType(HttpServerFilter.class);
        if (index < 0) {
            throw new IllegalStateException("No HTTP codec in Grizzly's filter chain");
        }
        HttpServerFilter original = (HttpServerFilter) builder.get(index);
        int maxHeaderSize = listener.getMaxHttpHeaderSize() == -1 ? HttpServerFilter.DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE
                : listener.getMaxHttpHeaderSize();
        Codec codec = new Codec(listener.isChunkingEnabled(), maxHeaderSize, listener, errors);
        for (ContentEncoding encoding : original.getContentEncodings()) {
            codec.addContentEncoding(encoding);
        }
        codec.setAllowPayloadForUndefinedHttpMethods(allowPayloadForUndefinedHttpMethods);
        codec.setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
        codec.getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
        builder.set(index, codec);
    }

    /** {@code host[:port]} as RFC 9110 allows it in a {@code Host} header, the port 0 to 65535. */
    static boolean isHostAndPort(String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '@' || c == '/')) {
            return false;
        }
        try {
            URI uri = new URI("http://" + value + "/");
            return uri.getHost() != null && uri.getPort() <= 65_535
                    && (uri.getPort() >= 0 || !value.substring(value.lastIndexOf(']') + 1).contains(":"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Whether Grizzly's mapper and Jersey can both read the raw path: an absolute URI path with
     * well-formed escapes, which Grizzly's own decoder (run here on a copy) decodes without an
     * encoded slash, a NUL or a backslash, and without climbing above the root or ending in a dot
     * segment.
     */
    static boolean isServablePath(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return false;
        }
        try {
            URI uri = new URI(rawPath);
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return false;
            }
            // in an array of the path's length, like the mapper's copy: a path that ends in "/.." fails
            // there, as normalizing it appends a slash past the end
            DataChunk path = DataChunk.newInstance();
            path.setBytes(rawPath.getBytes(StandardCharsets.ISO_8859_1));
            HttpRequestURIDecoder.decode(path, false, StandardCharsets.UTF_8);
            return true;
        } catch (URISyntaxException | CharConversionException | RuntimeException e) {
            return false;
        }
    }

    private static final class Codec extends HttpServerFilter {

        private static final String MESSAGE = JsonCodecErrors.class.getName() + ".message";
        private static final String MALFORMED_REQUEST_LINE = "Malformed request line";
        private static final String LINE_UNREAD = JsonCodecErrors.class.getName() + ".lineUnread";

        private final ErrorWriter errors;

        @SuppressWarnings("deprecation")
        Codec(boolean chunking, int maxHeaderSize, NetworkListener listener, ErrorWriter errors) {
            super(chunking, maxHeaderSize, null, listener.getKeepAlive(), null, listener.getMaxRequestHeaders(),
                    listener.getMaxResponseHeaders());
            this.errors = errors;
        }

        /**
         * Checks the head line by line as it arrives. Grizzly's parser looks for the request line's
         * spaces and a header's colon past the end of the line: such a request gets no answer at
         * all until 8 KB arrive or the connection idles out (30 s), and a colon-less line followed
         * by another header becomes one header whose name holds the line break. Here a complete
         * bad line is refused at once; the exception takes Grizzly's own header-error path (400).
         * Empty lines before the request line are skipped, as RFC 9112 section 2.2 asks; Grizzly
         * would make them part of the method.
         */
        @Override
        protected boolean decodeHttpPacket(FilterChainContext ctx, HttpPacketParsing packet, Buffer input) {
            HttpCodecFilter.HeaderParsingState state = packet.getHeaderParsingState();
            int requestStart = input.position(); // Grizzly moves the position once the head is parsed
            if (state.state == 0 && state.subState == 0) { // still before the method's end
                int method = skipEmptyLines(input, state.start);
                state.start = method;
                state.offset = Math.max(state.offset, method);
            }
            boolean parsed = super.decodeHttpPacket(ctx, packet, input);
            String problem = headProblem(input, skipEmptyLines(input, requestStart));
            if (problem != null) {
                if (packet instanceof HttpRequestPacket request) {
                    request.setAttribute(MESSAGE, problem);
                    // what Grizzly made of a malformed request line is no method and target to report
                    request.setAttribute(LINE_UNREAD, problem.startsWith(MALFORMED_REQUEST_LINE));
                }
                throw new IllegalStateException(problem);
            }
            return parsed;
        }

        private static int skipEmptyLines(Buffer input, int from) {
            int i = from;
            while (i < input.limit() && (input.get(i) == '\r' || input.get(i) == '\n')) {
                i++;
            }
            return i;
        }

        /** What is wrong with the complete lines of the head that starts at {@code start}, or null. */
        static String headProblem(Buffer input, int start) {
            int lineStart = start;
            boolean requestLine = true;
            for (int i = start; i < input.limit(); i++) {
                if (input.get(i) != '\n') {
                    continue;
                }
                int end = i > lineStart && input.get(i - 1) == '\r' ? i - 1 : i;
                if (end == lineStart) {
                    return null; // the blank line that ends the head
                }
                if (requestLine) {
                    // method SP target SP version, none of the three empty
                    int space = indexOf(input, (byte) ' ', lineStart, end);
                    int second = space < 0 ? -1 : indexOf(input, (byte) ' ', space + 1, end);
                    if (space <= lineStart || second <= space + 1 || second + 1 >= end) {
                        return MALFORMED_REQUEST_LINE + ": it needs a method, a target and the version HTTP/1.1 or HTTP/1.0";
                    }
                } else {
                    byte first = input.get(lineStart);
                    boolean folded = first == ' ' || first == '\t'; // obs-fold, which Grizzly joins to the previous header
                    if (!folded && indexOf(input, (byte) ':', lineStart, end) < 0) {
                        return "Malformed header: a header line without a colon";
                    }
                }
                requestLine = false;
                lineStart = i + 1;
            }
            return null;
        }

        private static int indexOf(Buffer input, byte wanted, int from, int to) {
            for (int i = from; i < to; i++) {
                if (input.get(i) == wanted) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Refuses a head Grizzly parsed but cannot serve: a request line it read without a version
         * (HTTP/0.9, such as one with a tab for its target), and a {@code Host} header that is no
         * host and port or a path Grizzly's mapper cannot decode, on either of which Grizzly's
         * request mapping fails with a 500.
         */
        @Override
        protected boolean onHttpHeaderParsed(HttpHeader header, Buffer buffer, FilterChainContext ctx) {
            boolean error = super.onHttpHeaderParsed(header, buffer, ctx);
            if (error || !(header instanceof HttpRequestPacket request)) {
                return error;
            }
            String problem = null;
            if (!hasHeadedProtocol(request)) {
                problem = MALFORMED_REQUEST_LINE + ": it needs a method, a target and the version HTTP/1.1 or HTTP/1.0";
            } else {
                String host = request.getHeader(Header.Host);
                if (host != null && !isHostAndPort(host)) {
                    problem = "The Host header is not a host name or address with an optional port";
                } else if (!isServablePath(request.getRequestURI())) {
                    problem = "The request path is not a valid URI path, or holds an encoded slash, a NUL or "
                            + "a backslash, or climbs above the root or ends in a dot segment";
                }
            }
            if (problem == null) {
                return false;
            }
            request.setAttribute(MESSAGE, problem);
            HttpStatus.BAD_REQUEST_400.setValues(request.getResponse());
            return true;
        }

        @Override
        protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
            HttpRequestPacket request = response.getRequest();
            if (request != null && !hasHeadedProtocol(request)) {
                // HTTP/0.9 (also what an unparsed request line reads as) gets a bare status line,
                // and an unknown version such as HTTP/3.7 makes the encoder throw: no answer at all
                request.setProtocol(Protocol.HTTP_1_0);
            }
            // Grizzly's 505 also answers a request target holding a space: a malformed request line
            boolean version = response.getStatus() == 505;
            HttpStatus.BAD_REQUEST_400.setValues(response);
            int status = response.getStatus();
            Object noted = request == null ? null : request.getAttribute(MESSAGE);
            String message = noted != null ? noted.toString() : version
                    ? "Malformed request line: it needs a target without spaces and the version HTTP/1.1 or HTTP/1.0"
                    : "Malformed HTTP request: its request line, headers or body framing cannot be parsed";
            // a request line not yet parsed leaves no target, and a method that is either the new
            // packet's GET or, on a reused one, null, on which Grizzly's encoder fails: no answer
            boolean lineParsed = request != null && !request.getRequestURIRef().getRequestURIBC().isNull()
                    && !Boolean.TRUE.equals(request.getAttribute(LINE_UNREAD));
            String method = lineParsed ? request.getMethod().getMethodString() : "";
            String href = lineParsed ? request.getRequestURIRef().getURI() : "";
            if (request != null && !lineParsed) {
                request.setMethod(Method.GET);
            }
            byte[] body = errors.json(status, method == null ? "" : method, message, href == null ? "" : href)
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType(ErrorWriter.CONTENT_TYPE);
            response.setContentLength(body.length);
            return HttpContent.builder(response)
                    .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                    .last(true)
                    .build();
        }

        /**
         * Whether the request's version is HTTP/1.0 or 1.1. Not through {@code getProtocolDC()},
         * which forgets the version Grizzly settled on and makes the encoder parse the raw one again.
         */
        private static boolean hasHeadedProtocol(HttpRequestPacket request) {
            try {
                Protocol protocol = request.getProtocol();
                return protocol == Protocol.HTTP_1_0 || protocol == Protocol.HTTP_1_1;
            } catch (IllegalStateException unknownVersion) {
                return false;
            }
        }
    }
}

/**
 * Workarounds that reach into Grizzly's HTTP codec because no public hook serves: the only
 * place in the adapter that subclasses Grizzly's {@code HttpServerFilter} or edits the packets
 * it parses. Each works around a Grizzly 4.0 bug: a request offering {@code Upgrade: h2c}
 * without HTTP/2 installed never finds the end of its body and times out (glassfish-grizzly
 * issue 1972, seen from Jersey as jersey issue 6059); a request target or Host header Grizzly's
 * request mapping cannot decode ends in a bare 500 (glassfish-grizzly issue 1838); the 400 and
 * 505 the codec sends itself have an empty body, and an unknown protocol version gets no answer
 * at all (glassfish-grizzly issue 2301, fixed in Grizzly 5.0.2); and a request line or header
 * line without its spaces or colon waits for 8 KB or the idle timeout instead of a 400. Drop a
 * workaround once the Grizzly in use has the fix.
 */
package dev.taskmill.adapter.rest.internal;

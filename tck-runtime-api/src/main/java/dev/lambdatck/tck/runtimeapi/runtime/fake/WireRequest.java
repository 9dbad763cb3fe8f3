package dev.lambdatck.tck.runtimeapi.runtime.fake;

import java.util.List;
import java.util.Optional;

/**
 * One HTTP request exactly as the runtime framed it.
 *
 * @param chunkSizes    sizes of the data chunks of a chunked body, in order (the zero-length last chunk is not listed)
 * @param chunkTimesMs  arrival time (epoch ms) of each data chunk, parallel to {@code chunkSizes}
 * @param lastChunk     a chunked body ended with the zero-length last chunk
 * @param bodyBytes     real body length; {@code body} holds at most {@link WireReader#MAX_KEPT_BODY} of it
 * @param framingError  why the request could not be read to its end (null when it was framed correctly)
 * @param problems      deviations that did not stop reading (bare LF line ends, obsolete line folding, ...)
 */
public record WireRequest(String method, String target, String version, List<Header> headers, byte[] body,
                          long bodyBytes, boolean chunked, List<Integer> chunkSizes, List<Long> chunkTimesMs,
                          boolean lastChunk, List<Header> trailers, long startedAtMs, long completedAtMs,
                          String framingError, List<String> problems) {

    public WireRequest {
        headers = List.copyOf(headers);
        chunkSizes = List.copyOf(chunkSizes);
        chunkTimesMs = List.copyOf(chunkTimesMs);
        trailers = List.copyOf(trailers);
        problems = List.copyOf(problems);
    }

    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.is(name)).map(Header::value).findFirst();
    }

    public List<String> headers(String name) {
        return headers.stream().filter(h -> h.is(name)).map(Header::value).toList();
    }

    public Optional<String> trailer(String name) {
        return trailers.stream().filter(h -> h.is(name)).map(Header::value).findFirst();
    }

    /** The request target without its query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }
}

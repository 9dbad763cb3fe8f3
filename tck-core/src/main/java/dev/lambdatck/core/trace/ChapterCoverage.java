package dev.lambdatck.core.trace;

import org.apiguardian.api.API;

import java.util.List;

/**
 * How many of a chapter's automated rules the scanned tests cite.
 *
 * @param untested ids of automated rules no scanned test cites, in catalogue order
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ChapterCoverage(String chapterId, String title, int automated, int tested, List<String> untested) {

    public ChapterCoverage {
        untested = List.copyOf(untested);
    }

    public boolean complete() {
        return untested.isEmpty();
    }
}

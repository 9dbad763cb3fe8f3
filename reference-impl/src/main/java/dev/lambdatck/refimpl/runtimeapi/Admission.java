package dev.lambdatck.refimpl.runtimeapi;

/**
 * The backend's decision on a request with a body: reject once the body has been drained, answer at once and
 * drop whatever of the body still comes ({@code early}), or consume it.
 */
public record Admission(Reply rejection, BodyConsumer consumer, boolean early) {

    public Admission(Reply rejection, BodyConsumer consumer) {
        this(rejection, consumer, false);
    }

    public static Admission reject(RuntimeApiErrors error) {
        return new Admission(Reply.error(error), null);
    }

    public static Admission reply(Reply reply) {
        return new Admission(reply, null);
    }

    /** Answers before the body has arrived (a declared oversize); the rest of the body is read and dropped. */
    public static Admission answerNow(RuntimeApiErrors error) {
        return new Admission(Reply.error(error), null, true);
    }

    public static Admission accept(BodyConsumer consumer) {
        return new Admission(null, consumer);
    }
}

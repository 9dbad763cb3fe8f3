package dev.lambdatck.refimpl.runtimeapi;

/** The backend's decision on a request with a body: reject at once (after draining the body) or consume it. */
public record Admission(Reply rejection, BodyConsumer consumer) {

    public static Admission reject(RuntimeApiErrors error) {
        return new Admission(Reply.error(error), null);
    }

    public static Admission reply(Reply reply) {
        return new Admission(reply, null);
    }

    public static Admission accept(BodyConsumer consumer) {
        return new Admission(null, consumer);
    }
}

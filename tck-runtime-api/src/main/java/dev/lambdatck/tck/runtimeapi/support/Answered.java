package dev.lambdatck.tck.runtimeapi.support;

/**
 * An invocation's answer to the invoker together with the fixture's complete step results for it, read
 * back with a {@code recall} step in the following invocation (steps after an answer step cannot travel
 * in the answer itself).
 */
public record Answered(WireResponse answer, FixtureResult steps) {

    /** Runs {@code script}, then a recall on the same function, and pairs the two. */
    public static Answered run(Fn fn, Script script) {
        WireResponse answer = fn.invoke(script);
        FixtureResult recall = fn.run(Script.of(Step.recall()));
        var earlier = recall.recalled();
        if (earlier.isEmpty()) {
            throw new AssertionError("the fixture recalls no earlier invocation: the invocation before ("
                    + answer + ") was not served by the process that served the recall");
        }
        return new Answered(answer, earlier.get(earlier.size() - 1));
    }
}

package dev.lambdatck.tck.layers;

import dev.lambdatck.core.trace.TraceabilityCheck;
import dev.lambdatck.core.trace.TraceabilityReport;
import dev.lambdatck.spec.RuleCatalogue;
import org.junit.jupiter.api.Test;

/** Every rule id the layers suite cites exists; prints the automated ly-* rules no test covers. */
class LayersTraceabilityTest {

    @Test
    void everyCitedRuleExists() {
        TraceabilityReport r = TraceabilityCheck.scan(RuleCatalogue.bundled(), c -> c.id().startsWith("ly-"), "dev.lambdatck.tck.layers");
        System.out.print(r.assertNoUnknownRules().summary());
    }
}

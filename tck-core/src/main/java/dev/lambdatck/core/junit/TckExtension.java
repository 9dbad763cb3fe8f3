package dev.lambdatck.core.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdatck.core.RuleTest;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.spec.Rule;
import dev.lambdatck.spec.RuleCatalogue;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JUnit side of the TCK: capability gating (NOT_APPLICABLE with a reason), one evidence log per test
 * (published as the report entry {@value #EVIDENCE_KEY}), and injection of the run's target, descriptor
 * and timeouts.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class TckExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    public static final String EVIDENCE_KEY = "lambdatck.evidence";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RuleTest> rt = context.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, RuleTest.class));
        if (rt.isEmpty()) return ConditionEvaluationResult.enabled("not a rule test");
        TargetDescriptor d = TargetContext.of(context).descriptor();
        RuleCatalogue catalogue = RuleCatalogue.bundled();
        List<String> missing = new ArrayList<>();
        for (String id : rt.get().value()) {
            Rule r = catalogue.find(id).orElse(null);
            if (r != null && !d.declares(r.capability()) && !missing.contains(r.capability())) missing.add(r.capability());
        }
        if (!missing.isEmpty()) {
            return ConditionEvaluationResult.disabled("NOT_APPLICABLE: target '" + d.name()
                    + "' does not declare capability " + String.join(", ", missing));
        }
        return ConditionEvaluationResult.enabled("target declares every capability the rules need");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        EvidenceLog.open();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            context.publishReportEntry(EVIDENCE_KEY, JSON.writeValueAsString(EvidenceLog.current().snapshot()));
        } finally {
            EvidenceLog.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == PlatformTarget.class || t == TargetDescriptor.class || t == TckTimeouts.class || t == TargetContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        TargetContext ctx = TargetContext.of(e);
        if (t == PlatformTarget.class) return ctx.platform();
        if (t == TargetDescriptor.class) return ctx.descriptor();
        if (t == TckTimeouts.class) return ctx.timeouts();
        return ctx;
    }
}

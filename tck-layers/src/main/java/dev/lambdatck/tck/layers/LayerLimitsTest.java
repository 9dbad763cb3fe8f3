package dev.lambdatck.tck.layers;

import dev.lambdatck.core.RuleTest;
import dev.lambdatck.tck.layers.support.LayerLab;
import dev.lambdatck.tck.layers.support.LayerLab.Attempt;
import dev.lambdatck.tck.layers.support.LayerLabExtension;
import dev.lambdatck.tck.layers.support.LayerZip;
import dev.lambdatck.tck.layers.support.Script;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Chapter ly-limit: how many layers a function may use ({@link LayerSizeLimitsTest} has the size quota). */
@ExtendWith(LayerLabExtension.class)
class LayerLimitsTest {

    @RuleTest({"LY-LIMIT-001"})
    void sixLayersAreRefused(LayerLab lab) {
        List<Path> layers = new ArrayList<>();
        for (int i = 1; i <= 6; i++) layers.add(lab.layer(LayerZip.named("count-" + i).file("tck-count-" + i + ".txt", "layer " + i)));
        Attempt a = lab.attempt(lab.spec(lab.fixturePackage(), layers.toArray(Path[]::new)), Script.named("LY-LIMIT-001").echo());
        assertRefused(a, "LY-LIMIT-001: six layers", "Cannot reference more than 5 layers.");
    }

    @RuleTest({"LY-LIMIT-002"})
    void fiveLayersAreAcceptedAndMerged(LayerLab lab) {
        List<Path> layers = new ArrayList<>();
        for (int i = 1; i <= 5; i++) layers.add(lab.layer(LayerZip.named("five-" + i).file("tck-five-" + i + ".txt", "layer " + i)));
        Script probe = Script.named("LY-LIMIT-002").echo();
        if (lab.hasPaths()) probe.list("/opt");
        Attempt a = lab.attempt(lab.spec(lab.fixturePackage(), layers.toArray(Path[]::new)), probe);
        assertThat(a.refusal()).as("LY-LIMIT-002: five layers must be accepted").isNull();
        assertThat(a.result()).as("LY-LIMIT-002: the function with five layers must run (%s)", a.invoke()).isNotNull();
        if (lab.hasPaths()) {
            assertThat(a.result().entries(1).keySet()).as("LY-LIMIT-002: every layer's file is merged into /opt")
                    .contains("/opt/tck-five-1.txt", "/opt/tck-five-2.txt", "/opt/tck-five-3.txt", "/opt/tck-five-4.txt", "/opt/tck-five-5.txt");
        }
    }

    static void assertRefused(Attempt a, String what, String exactMessage) {
        assertThat(a.refused()).as("%s must be refused before any code runs (the function ran: %s)", what, a.invoke()).isTrue();
        assertThat(a.refusal()).as("%s: the refusal names %s", what, LayerLab.INVALID_PARAMETER).contains(LayerLab.INVALID_PARAMETER);
        assertThat(a.refusal()).as("%s: the refusal carries AWS's exact message", what).contains(exactMessage);
    }
}

package dev.outpost.engine.checks;

import dev.outpost.engine.facts.GatewayFacts;

import java.util.List;
import java.util.function.Function;

/** The pre-flight checks, in the order a person reads them: the machine, the kernel, conflicts, network, access. */
public final class CheckCatalog {

    private final List<PreflightCheck> checks;

    public CheckCatalog(List<PreflightCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Returns the catalog every site is checked against before K3s is installed. */
    public static CheckCatalog standard() {
        return new CheckCatalog(List.of(
                check("system.architecture", Severity.BLOCKER, "The processor can run K3s",
                        SystemChecks::architecture),
                check("system.memory", Severity.BLOCKER, "There is enough memory", SystemChecks::memory),
                check("system.cpu", Severity.WARNING, "There are enough processor cores", SystemChecks::cpu),
                check("system.disk", Severity.BLOCKER, "There is enough free disk space", SystemChecks::disk),
                check("system.init", Severity.BLOCKER, "The gateway starts services with systemd or OpenRC",
                        SystemChecks::init),
                check("kernel.cgroup-memory", Severity.BLOCKER, "The kernel's memory control group is enabled",
                        KernelChecks::cgroupMemory),
                check("kernel.modules", Severity.BLOCKER, "The kernel has the features containers need",
                        KernelChecks::requiredModules),
                check("kernel.network-modules", Severity.WARNING, "The kernel has the pod network features",
                        KernelChecks::networkModules),
                check("system.swap", Severity.WARNING, "Swap is off", KernelChecks::swap),
                check("conflict.kubernetes", Severity.BLOCKER, "No other Kubernetes is installed",
                        ConflictChecks::kubernetes),
                check("conflict.container-runtime", Severity.WARNING, "No other container engine is running",
                        ConflictChecks::containerRuntime),
                check("network.ports", Severity.BLOCKER, "The ports K3s and Linkerd need are free",
                        ConflictChecks::ports),
                check("network.default-route", Severity.BLOCKER, "The gateway has a default route",
                        NetworkChecks::defaultRoute),
                check("network.hostname", Severity.BLOCKER, "The host name is valid for Kubernetes",
                        NetworkChecks::hostname),
                check("clock.skew", Severity.BLOCKER, "The gateway's clock is right", NetworkChecks::clockSkew),
                check("clock.sync", Severity.INFO, "The clock is kept in sync", NetworkChecks::clockSync),
                check("access.sudo", Severity.BLOCKER, "The login can act as administrator (root)",
                        AccessChecks::sudo),
                check("network.firewall", Severity.WARNING, "No host firewall blocks the cluster's traffic",
                        AccessChecks::firewall),
                check("facts.complete", Severity.WARNING, "The gateway answered every question",
                        AccessChecks::complete)));
    }

    public List<PreflightCheck> checks() {
        return checks;
    }

    /** Evaluates every check in catalog order. */
    public List<CheckResult> evaluate(GatewayFacts facts) {
        return checks.stream().map(check -> check.evaluate(facts)).toList();
    }

    private static PreflightCheck check(String id, Severity severity, String title,
                                        Function<GatewayFacts, Verdict> rule) {
        return new RuleCheck(id, severity, title, rule);
    }

    /** A check defined by a rule from facts to a verdict. */
    private record RuleCheck(String id, Severity severity, String title, Function<GatewayFacts, Verdict> rule)
            implements PreflightCheck {

        @Override
        public CheckResult evaluate(GatewayFacts facts) {
            Verdict verdict;
            try {
                verdict = rule.apply(facts);
            } catch (RuntimeException e) {
                verdict = Verdict.unknown("This could not be checked because the gateway's answer was not in the"
                        + " expected form (" + e.getClass().getSimpleName() + ").", Facts.RERUN_FIX);
            }
            return new CheckResult(id, severity, verdict.status(), title, verdict.explanation(), verdict.fix(),
                    verdict.observed());
        }
    }
}

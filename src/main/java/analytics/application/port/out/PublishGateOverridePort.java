package analytics.application.port.out;

import analytics.domain.GateOverride;

/** Hands an operator's override to every instance (and keeps it as the audit trail). */
public interface PublishGateOverridePort {

    void publish(GateOverride override);
}

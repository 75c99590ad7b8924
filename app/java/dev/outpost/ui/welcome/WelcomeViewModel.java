package dev.outpost.ui.welcome;

import dev.outpost.ui.common.PageModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;

import java.util.List;

/** The first page: what Outpost does and the steps ahead. It has no work of its own, so Next is always enabled. */
public final class WelcomeViewModel implements PageModel {

    /** One step of the whole visit, as the welcome page lists it. */
    public record Step(String name, String description) {
    }

    private static final String TITLE = "Set up this site's gateway";
    private static final String INTRODUCTION = "Outpost prepares the small Linux computer at this site, the gateway,"
            + " so that it runs the company's services and stays connected to head office. It guides you through"
            + " each step and tells you what to do if something needs fixing. You do not need to know Kubernetes.";
    private static final List<Step> STEPS = List.of(
            new Step("Connect", "Reach the gateway over the network cable, with the login head office gave you."),
            new Step("Check", "Make sure the gateway is ready, and see how to fix anything that is not."),
            new Step("Install", "Copy the site software from this laptop to the gateway. No internet is needed."),
            new Step("Join", "Link the site to head office, so it can be looked after from there."));
    private static final String START_HINT = "Have the gateway switched on and connected to this laptop, then"
            + " choose Next.";

    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper canContinue = new ReadOnlyBooleanWrapper(this, "canContinue", true);

    public String title() {
        return TITLE;
    }

    public String introduction() {
        return INTRODUCTION;
    }

    public List<Step> steps() {
        return STEPS;
    }

    public String startHint() {
        return START_HINT;
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    @Override
    public ObservableBooleanValue canContinue() {
        return canContinue.getReadOnlyProperty();
    }
}

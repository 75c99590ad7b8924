package dev.outpost.ui;

import dev.outpost.ui.common.PageModel;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The wizard's navigation: which page is shown, and whether Back and Next are enabled. The header names every step
 * of a site visit, including those whose pages come after the last one built. Used on the FX thread.
 */
public final class WizardViewModel {

    private final List<String> stepNames;
    private final List<PageModel> pages;
    private final ReadOnlyIntegerWrapper current = new ReadOnlyIntegerWrapper(this, "current", 0);
    private final BooleanBinding canGoBack;
    private final BooleanBinding hasNextPage;
    private final BooleanBinding canGoNext;

    /**
     * @param stepNames the names of every step, in order, as the header shows them
     * @param pages     the pages of the first steps, in the same order; there may be fewer pages than step names
     */
    public WizardViewModel(List<String> stepNames, List<PageModel> pages) {
        if (pages.isEmpty() || pages.size() > stepNames.size()) {
            throw new IllegalArgumentException("The wizard needs one to " + stepNames.size() + " pages, one for each"
                    + " of the first steps; it got " + pages.size() + ".");
        }
        this.stepNames = List.copyOf(stepNames);
        this.pages = List.copyOf(pages);
        List<Observable> dependencies = new ArrayList<>();
        dependencies.add(current);
        for (PageModel page : pages) {
            dependencies.add(page.busyProperty());
            dependencies.add(page.canContinue());
        }
        Observable[] inputs = dependencies.toArray(Observable[]::new);
        canGoBack = Bindings.createBooleanBinding(() -> current.get() > 0 && !currentPage().busyProperty().get(),
                inputs);
        hasNextPage = Bindings.createBooleanBinding(() -> current.get() + 1 < pages.size(), current);
        canGoNext = Bindings.createBooleanBinding(() -> hasNextPage.get() && !currentPage().busyProperty().get()
                && currentPage().canContinue().get(), inputs);
    }

    /** Shows the first page. */
    public void start() {
        current.set(0);
        currentPage().entered();
    }

    /** Goes to the next page, when Next is enabled. */
    public void next() {
        if (!canGoNext.get()) {
            return;
        }
        current.set(current.get() + 1);
        currentPage().entered();
    }

    /** Goes back one page, when Back is enabled. */
    public void back() {
        if (!canGoBack.get()) {
            return;
        }
        current.set(current.get() - 1);
        currentPage().entered();
    }

    /** The index of the page shown. */
    public ReadOnlyIntegerProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    public List<String> stepNames() {
        return stepNames;
    }

    public BooleanBinding canGoBack() {
        return canGoBack;
    }

    /** True when a page after the shown one is built; on the last built page the window hides Next. */
    public BooleanBinding hasNextPage() {
        return hasNextPage;
    }

    public BooleanBinding canGoNext() {
        return canGoNext;
    }

    private PageModel currentPage() {
        return pages.get(current.get());
    }
}

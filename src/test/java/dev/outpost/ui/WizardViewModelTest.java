package dev.outpost.ui;

import dev.outpost.ui.common.PageModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WizardViewModelTest {

    private final StubPage welcome = new StubPage(true);
    private final StubPage connect = new StubPage(false);
    private final StubPage checks = new StubPage(false);
    private final WizardViewModel wizard = new WizardViewModel(
            List.of("Welcome", "Connect", "Check", "Install"), List.of(welcome, connect, checks));

    @Test
    void startShowsFirstPage() {
        wizard.start();

        assertThat(wizard.currentProperty().get()).isZero();
        assertThat(welcome.entered).isEqualTo(1);
        assertThat(wizard.canGoBack().get()).isFalse();
        assertThat(wizard.canGoNext().get()).isTrue();
    }

    @Test
    void nextEntersFollowingPage() {
        wizard.start();

        wizard.next();

        assertThat(wizard.currentProperty().get()).isEqualTo(1);
        assertThat(connect.entered).isEqualTo(1);
        assertThat(wizard.canGoBack().get()).isTrue();
    }

    @Test
    void nextDisabledUntilPageCanContinue() {
        wizard.start();
        wizard.next();

        assertThat(wizard.canGoNext().get()).isFalse();
        wizard.next();
        assertThat(wizard.currentProperty().get()).isEqualTo(1);

        connect.canContinue.set(true);
        assertThat(wizard.canGoNext().get()).isTrue();
    }

    @Test
    void nextAndBackDisabledWhilePageBusy() {
        wizard.start();
        wizard.next();
        connect.canContinue.set(true);

        connect.busy.set(true);

        assertThat(wizard.canGoNext().get()).isFalse();
        assertThat(wizard.canGoBack().get()).isFalse();
        wizard.back();
        assertThat(wizard.currentProperty().get()).isEqualTo(1);

        connect.busy.set(false);
        assertThat(wizard.canGoNext().get()).isTrue();
        assertThat(wizard.canGoBack().get()).isTrue();
    }

    @Test
    void backEntersPreviousPageAgain() {
        wizard.start();
        wizard.next();

        wizard.back();

        assertThat(wizard.currentProperty().get()).isZero();
        assertThat(welcome.entered).isEqualTo(2);
    }

    @Test
    void nextOnLastBuiltPageStays() {
        wizard.start();
        wizard.next();
        connect.canContinue.set(true);
        wizard.next();
        checks.canContinue.set(true);

        wizard.next();

        assertThat(wizard.currentProperty().get()).isEqualTo(2);
        assertThat(checks.entered).isEqualTo(1);
    }

    @Test
    void lastBuiltPageHasNoNext() {
        wizard.start();
        assertThat(wizard.hasNextPage().get()).isTrue();
        wizard.next();
        connect.canContinue.set(true);
        wizard.next();

        checks.canContinue.set(true);

        assertThat(wizard.hasNextPage().get()).isFalse();
        assertThat(wizard.canGoNext().get()).as("Next never offers a page that does not exist").isFalse();
        assertThat(wizard.canGoBack().get()).isTrue();
    }

    @Test
    void constructorRejectsMorePagesThanSteps() {
        assertThatThrownBy(() -> new WizardViewModel(List.of("Welcome"), List.of(welcome, connect)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 2");
    }

    /** A page whose state the test sets directly. */
    private static final class StubPage implements PageModel {

        final SimpleBooleanProperty busy = new SimpleBooleanProperty();
        final SimpleBooleanProperty canContinue;
        int entered;

        StubPage(boolean canContinue) {
            this.canContinue = new SimpleBooleanProperty(canContinue);
        }

        @Override
        public ReadOnlyBooleanProperty busyProperty() {
            return busy;
        }

        @Override
        public ObservableBooleanValue canContinue() {
            return canContinue;
        }

        @Override
        public void entered() {
            entered++;
        }
    }
}

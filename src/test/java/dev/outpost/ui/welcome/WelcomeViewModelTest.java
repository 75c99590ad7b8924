package dev.outpost.ui.welcome;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WelcomeViewModelTest {

    private final WelcomeViewModel welcome = new WelcomeViewModel();

    @Test
    void stepsNameTheWholeVisit() {
        assertThat(welcome.steps()).extracting(WelcomeViewModel.Step::name)
                .containsExactly("Connect", "Check", "Install", "Join");
    }

    @Test
    void nextIsAlwaysEnabled() {
        assertThat(welcome.canContinue().get()).isTrue();
        assertThat(welcome.busyProperty().get()).isFalse();
    }

    @Test
    void startHintNamesNextAction() {
        assertThat(welcome.startHint()).contains("choose Next");
    }
}

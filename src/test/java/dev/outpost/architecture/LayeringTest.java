package dev.outpost.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the engine free of JavaFX and the layers pointing one way: ui and cli over the engine, never back. */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.outpost");
    }

    @Test
    void engineHasNoJavaFx() {
        noClasses().that().resideInAPackage("dev.outpost.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void engineDoesNotUseUiOrCli() {
        noClasses().that().resideInAPackage("dev.outpost.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.outpost.ui..", "dev.outpost.cli..")
                .check(classes);
    }

    @Test
    void cliDoesNotUseUiOrJavaFx() {
        noClasses().that().resideInAPackage("dev.outpost.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.outpost.ui..", "javafx..")
                .check(classes);
    }

    @Test
    void uiDoesNotUseCli() {
        noClasses().that().resideInAPackage("dev.outpost.ui..")
                .should().dependOnClassesThat().resideInAPackage("dev.outpost.cli..")
                .check(classes);
    }

    @Test
    void engineDoesNotUseLogbackDirectly() {
        noClasses().that().resideInAPackage("dev.outpost.engine..")
                .should().dependOnClassesThat().resideInAPackage("ch.qos.logback..")
                .check(classes);
    }
}

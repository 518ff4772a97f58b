package org.multiprocessing4j.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

/**
 * The API has no trap for a porter: no instance method is named after {@link Object#wait()} or
 * {@link Object#notify()}, so that Python's {@code cond.wait()}, {@code event.wait()} or
 * {@code cond.notify()} written as they read cannot compile to {@link Object}'s methods and fail
 * at run time with {@link IllegalMonitorStateException}.
 */
class ApiShapeTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.tngtech.archunit"))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.multiprocessing4j");
    }

    @Test
    void noInstanceMethodShadowsObjectsWaitOrNotify() {
        noMethods().that().arePublic().and().doNotHaveModifier(JavaModifier.STATIC)
                .and().areDeclaredInClassesThat().resideInAPackage("org.multiprocessing4j..")
                .should().haveName("wait").orShould().haveName("notify").orShould().haveName("notifyAll")
                .because("Python's wait()/notify() must not compile to Object's monitor methods")
                .check(classes);
    }
}

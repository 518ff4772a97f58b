package org.multiprocessing4j.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of docs/ARCHITECTURE.md, held: each package uses only the packages below it
 * (the exceptions are CPython's too: {@code Context.pool()} makes a pool, and the pool takes
 * a context; {@code Context.manager()} and {@code Multiprocessing.manager()} make a manager, which
 * launches its process through a context), the library logs on one logger namespace and names its threads with one prefix.
 */
class LayeringTest {
    private static final String BASE = "org.multiprocessing4j";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // The importer logs every class it reads at DEBUG, logback's default level.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.tngtech.archunit"))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/examples/"))
                .importPackages(BASE);
    }

    /** The layers from the bottom up; each may use only those before it. */
    static Architectures.LayeredArchitecture layers() {
        String[][] layers = {
                {"runtime", BASE + ".internal.runtime.."},
                {"platform", BASE + ".internal.platform.."},
                {"memory", BASE + ".internal.memory.."},
                {"function", BASE + ".function.."},
                {"serialization", BASE + ".serialization.."},
                {"codec", BASE + ".internal.codec.."},
                {"spawn", BASE + ".internal.spawn.."},
                {"connection", BASE + ".connection.."},
                {"sync", BASE + ".sync.."},
                {"shared", BASE + ".shared.."},
                {"engine", BASE + ".internal.engine.."},
                {"queues", BASE + ".queues.."},
                {"facade", BASE},
                {"pool", BASE + ".pool.."},
                {"managers", BASE + ".managers.."},
                {"cluster", BASE + ".cluster.."},
        };
        Architectures.LayeredArchitecture architecture = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers();
        for (String[] layer : layers) {
            architecture = architecture.layer(layer[0]).definedBy(layer[1]);
        }
        for (int i = 0; i < layers.length - 1; i++) {
            String[] above = new String[layers.length - 1 - i];
            for (int j = i + 1; j < layers.length; j++) {
                above[j - i - 1] = layers[j][0];
            }
            // The factory edges: Context.pool() and Pool(…, Context), as CPython's context.py;
            // Context.manager() and Multiprocessing.manager(), as its lazy import of managers.
            if (layers[i][0].equals("pool")) {
                above = new String[] {"facade", "managers", "cluster"};
            } else if (layers[i][0].equals("managers")) {
                above = new String[] {"facade", "cluster"};
            }
            architecture = architecture.whereLayer(layers[i][0]).mayOnlyBeAccessedByLayers(above);
        }
        return architecture.whereLayer("cluster").mayNotBeAccessedByAnyLayer();
    }

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() {
        layers().check(classes);
    }

    @Test
    void onlyTheFactoriesOfTheFacadeMakeManagers() {
        ArchRule rule = noClasses().that().resideInAPackage(BASE)
                .and().doNotHaveFullyQualifiedName(BASE + ".Context")
                .and().doNotHaveFullyQualifiedName(BASE + ".Multiprocessing")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".managers..")
                .because("the facade reaches managers only through its factories, Context.manager() and "
                        + "Multiprocessing.manager(), as CPython's context.py does");
        rule.check(classes);
    }

    @Test
    void theLibraryLogsOnlyThroughItsOwnNamespace() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(BASE + ".internal.runtime..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.slf4j.LoggerFactory")
                .because("every logger is multiprocessing4j or a child of it (Log.of), so logToStderr shows them all");
        rule.check(classes);
    }

    @Test
    void threadsAreMadeOnlyWhereTheyGetTheLibrarysPrefix() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(BASE + ".internal.runtime..")
                .should().callConstructorWhere(target(owner(describe("java.lang.Thread",
                        owner -> owner.isEquivalentTo(Thread.class)))))
                .because("every thread of the library is named mp4j-… (Threads.daemon)");
        rule.check(classes);
    }
}

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
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("runtime").definedBy(BASE + ".internal.runtime..")
                .layer("platform").definedBy(BASE + ".internal.platform..")
                .layer("memory").definedBy(BASE + ".internal.memory..")
                .layer("function").definedBy(BASE + ".function..")
                .layer("serialization").definedBy(BASE + ".serialization..")
                .layer("codec").definedBy(BASE + ".internal.codec..")
                .layer("spawn").definedBy(BASE + ".internal.spawn..")
                .layer("connection").definedBy(BASE + ".connection..")
                .layer("sync").definedBy(BASE + ".sync..")
                .layer("shared").definedBy(BASE + ".shared..")
                .layer("queues").definedBy(BASE + ".queues..")
                .layer("facade").definedBy(BASE)
                .layer("pool").definedBy(BASE + ".pool..")
                .layer("managers").definedBy(BASE + ".managers..")
                .whereLayer("runtime").mayOnlyBeAccessedByLayers("platform", "memory", "function", "serialization",
                        "codec", "spawn", "connection", "sync", "shared", "queues", "facade", "pool", "managers")
                .whereLayer("platform").mayOnlyBeAccessedByLayers("memory", "function", "serialization", "codec",
                        "spawn", "connection", "sync", "shared", "queues", "facade", "pool", "managers")
                .whereLayer("memory").mayOnlyBeAccessedByLayers("function", "serialization", "codec", "spawn",
                        "connection", "sync", "shared", "queues", "facade", "pool", "managers")
                .whereLayer("function").mayOnlyBeAccessedByLayers("serialization", "codec", "spawn", "connection",
                        "sync", "shared", "queues", "facade", "pool", "managers")
                .whereLayer("serialization").mayOnlyBeAccessedByLayers("codec", "spawn", "connection", "sync",
                        "shared", "queues", "facade", "pool", "managers")
                .whereLayer("codec").mayOnlyBeAccessedByLayers("spawn", "connection", "sync", "shared", "queues",
                        "facade", "pool", "managers")
                .whereLayer("spawn").mayOnlyBeAccessedByLayers("connection", "sync", "shared", "queues", "facade", "pool", "managers")
                .whereLayer("connection").mayOnlyBeAccessedByLayers("sync", "shared", "queues", "facade", "pool", "managers")
                .whereLayer("sync").mayOnlyBeAccessedByLayers("shared", "queues", "facade", "pool", "managers")
                .whereLayer("shared").mayOnlyBeAccessedByLayers("queues", "facade", "pool", "managers")
                .whereLayer("queues").mayOnlyBeAccessedByLayers("facade", "pool", "managers")
                .whereLayer("facade").mayOnlyBeAccessedByLayers("pool", "managers")
                // The factory edges: Context.pool() and Pool(…, Context), as CPython's context.py;
                // Context.manager() and Multiprocessing.manager(), as its lazy import of managers.
                .whereLayer("pool").mayOnlyBeAccessedByLayers("facade", "managers")
                .whereLayer("managers").mayOnlyBeAccessedByLayers("facade");
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

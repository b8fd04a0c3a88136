package org.jnegotiate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider's package graph (issue 14): no package cycles, and the layering doors (root, {@code gss},
 * {@code sspi}) → {@code engine} → mechanisms ({@code spnego}, {@code krb5}, {@code ntlm} and their sub-packages,
 * {@code asn1}) → contracts ({@code mech}, {@code config}). Only the production classes are imported: tests may
 * reach across layers.
 */
class PackageGraphTest {
    private static final String[] MECHANISMS = {
        "org.jnegotiate.mech..",
        "org.jnegotiate.asn1..",
        "org.jnegotiate.krb5..",
        "org.jnegotiate.ntlm..",
        "org.jnegotiate.spnego.."
    };
    private static final String[] DOORS = {"org.jnegotiate", "org.jnegotiate.gss..", "org.jnegotiate.sspi.."};

    private static JavaClasses provider;

    @BeforeAll
    static void importProvider() {
        // the provider's own classes directory (or jar), not a scan of the class path
        provider = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrl(JNegotiateProvider.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation());
    }

    /** Each package is one slice (krb5 and krb5.kdc are two), so that a cycle between sub-packages is seen. */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            return c.getPackageName().startsWith("org.jnegotiate")
                    ? SliceIdentifier.of(c.getPackageName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package of org.jnegotiate";
        }
    };

    @Test
    void packages_formNoCycle() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(provider);
    }

    /**
     * The JDK's internals are the GSS door's business alone (the SPI it plugs into). {@code com.sun.security.auth} is
     * exported API ({@code UnixSystem}), not an internal.
     */
    @Test
    void jdkInternals_onlyFromTheGssDoor() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.jnegotiate.gss..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("sun..", "jdk.internal..")
                .check(provider);
    }

    @Test
    void mechanisms_neverDependOnTheEngineOrADoor() {
        noClasses()
                .that()
                .resideInAnyPackage(MECHANISMS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(DOORS)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("org.jnegotiate.engine..")
                .check(provider);
    }

    @Test
    void engine_neverDependsOnADoor() {
        noClasses()
                .that()
                .resideInAPackage("org.jnegotiate.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(DOORS)
                .check(provider);
    }

    /** The contracts below everything: {@code mech} depends on no other package, {@code config} only on it. */
    @Test
    void contracts_dependOnNothingAboveThem() {
        noClasses()
                .that()
                .resideInAPackage("org.jnegotiate.mech..")
                .should()
                .dependOnClassesThat(ourOutside("org.jnegotiate.mech.."))
                .check(provider);
        noClasses()
                .that()
                .resideInAPackage("org.jnegotiate.config..")
                .should()
                .dependOnClassesThat(ourOutside("org.jnegotiate.mech..", "org.jnegotiate.config.."))
                .check(provider);
    }

    /** JNegotiate's classes outside {@code packages}. */
    static DescribedPredicate<JavaClass> ourOutside(String... packages) {
        return resideInAPackage("org.jnegotiate..").and(resideOutsideOfPackages(packages));
    }

    /** The two doors stand side by side: neither is built on the other. */
    @Test
    void doors_doNotDependOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage("org.jnegotiate.gss..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.jnegotiate.sspi..")
                .check(provider);
        noClasses()
                .that()
                .resideInAPackage("org.jnegotiate.sspi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.jnegotiate.gss..", "org.jnegotiate")
                .check(provider);
    }

    /** The provider is the bottom of the other modules: it knows none of them. */
    @Test
    void provider_knowsNoOtherModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.jnegotiate.http..",
                        "org.jnegotiate.servlet..",
                        "org.jnegotiate.spring..",
                        "org.jnegotiate.cli..",
                        "org.jnegotiate.bench..",
                        "org.jnegotiate.conformance..")
                .check(provider);
    }
}

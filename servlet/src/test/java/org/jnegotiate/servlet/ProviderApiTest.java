package org.jnegotiate.servlet;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The servlet module uses the provider through its API only: {@code mech}, {@code sspi}, {@code config}, {@code
 * engine}.
 */
class ProviderApiTest {

    @Test
    void dependsOnJNegotiateOnlyThroughItsApi() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("org.jnegotiate..")
                        .and(resideOutsideOfPackages(
                                "org.jnegotiate.servlet..",
                                "org.jnegotiate.mech..",
                                "org.jnegotiate.sspi..",
                                "org.jnegotiate.config..",
                                "org.jnegotiate.engine..")))
                .check(new ClassFileImporter()
                        .importUrl(NegotiateAuthenticator.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()));
    }
}

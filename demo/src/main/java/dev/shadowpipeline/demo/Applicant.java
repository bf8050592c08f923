package dev.shadowpipeline.demo;

/**
 * A loan applicant, the input of the demo models.
 *
 * @param age years
 * @param income yearly income
 * @param debtRatio monthly debt payments over monthly income, 0 to 1
 * @param creditScore 300 to 850
 * @param loanAmount amount asked for
 * @param employmentYears years with the current employer
 */
public record Applicant(
    int age,
    double income,
    double debtRatio,
    int creditScore,
    double loanAmount,
    int employmentYears) {}

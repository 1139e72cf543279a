package io.engagementlake.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum likelihood over the logarithms of strictly positive parameters, shared by the
 * BG/NBD and Gamma-Gamma fits.
 *
 * <p>Working on log-parameters removes the positivity constraints, so an unconstrained
 * optimizer applies and the surface is closer to quadratic. The search has two phases:
 * <ol>
 *   <li>Finding the basin: from every starting point, Commons Math's Nelder-Mead simplex,
 *       restarted from its own optimum until a restart no longer improves (one simplex run
 *       can stall on a flat ridge). This runs on a <em>screening</em> likelihood, which for
 *       large inputs is a systematic subsample of the patterns, so that the many simplex
 *       evaluations stay cheap.</li>
 *   <li>Polishing on the full likelihood: Newton steps with the analytic gradient and a
 *       Hessian from central differences of that gradient, with step halving. Should they
 *       fail (Hessian not positive definite), the simplex runs on the full likelihood and
 *       Newton is tried once more.</li>
 * </ol>
 * The fit counts as converged only when the gradient is negligible, the Hessian of the
 * negative log-likelihood is positive definite and no parameter sits at the search bound.
 * Standard errors come from the inverse of that Hessian, carried to the natural parameters
 * by the delta method: se(θ) = θ · se(log θ).
 *
 * <p>Everything lives in local variables: concurrent fits do not interact.
 */
final class LogParameterMaximizer {

    /** |log θ| beyond this (θ outside about [6e-9, 1.8e8]) is treated as a degenerate fit. */
    static final double LOG_PARAMETER_BOUND = 19.0;
    private static final double SIMPLEX_STEP = 0.5;
    private static final int SIMPLEX_EVALUATIONS = 20_000;
    private static final int SIMPLEX_RESTARTS = 6;
    private static final int NEWTON_STEPS = 50;
    private static final double HESSIAN_STEP = 1e-5;
    /**
     * Largest accepted |∂ log L / ∂ log θ| relative to max(1, |log L|). At 1e-6 a 1% move of
     * any parameter changes the log-likelihood by 1e-8 of its size, far below what matters.
     */
    private static final double GRADIENT_TOLERANCE = 1e-6;

    private LogParameterMaximizer() {
    }

    /**
     * The outcome of a maximisation.
     *
     * @param logParameters the maximising log-parameters
     * @param logLikelihood the full log-likelihood there
     * @param standardErrors standard errors of the natural parameters exp(log θ); NaN when
     *     the Hessian is not positive definite
     * @param iterations Nelder-Mead iterations over all starts and restarts plus Newton steps
     * @param converged whether all convergence checks passed
     * @param diagnostics empty when converged, else the failed checks in words
     */
    record Outcome(double[] logParameters, double logLikelihood, double[] standardErrors,
                   int iterations, boolean converged, String diagnostics) {
    }

    /**
     * Maximises {@code full}.
     *
     * @param screening a cheaper stand-in for {@code full} with nearly the same maximum (or
     *     {@code full} itself), used to find the basin from the starting points
     * @param startingPoints starting log-parameter vectors, at least one
     * @param names parameter names, for the diagnostics
     */
    static Outcome maximize(LogLikelihoodFunction full, LogLikelihoodFunction screening,
                            List<double[]> startingPoints, String[] names) {
        int dimension = names.length;
        int[] iterations = {0};
        boolean[] budgetExhausted = {false};
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double[] start : startingPoints) {
            PointValuePair found = simplexWithRestarts(screening, start, iterations, budgetExhausted);
            if (found != null && found.getValue() < bestValue) {
                best = found.getPoint();
                bestValue = found.getValue();
            }
        }
        if (best == null) {
            double[] nan = filled(dimension, Double.NaN);
            return new Outcome(nan, Double.NaN, nan, iterations[0], false,
                    "the log-likelihood is not finite at any point tried");
        }

        double[] point = newton(full, best, iterations);
        if (!isStationary(full, point)) {
            // Newton could not finish from the screening optimum: search on the full data.
            PointValuePair found = simplexWithRestarts(full, point, iterations, budgetExhausted);
            if (found != null) {
                point = newton(full, found.getPoint(), iterations);
            }
        }

        // Convergence checks and standard errors at the final point.
        StringBuilder problems = new StringBuilder();
        double[] gradient = new double[dimension];
        double logLikelihood = full.evaluate(point, gradient);
        double largestGradient = maximumAbsolute(gradient);
        double gradientLimit = GRADIENT_TOLERANCE * Math.max(1.0, Math.abs(logLikelihood));
        if (!(largestGradient <= gradientLimit)) {
            problems.append(String.format(Locale.ROOT,
                    "gradient %.3g exceeds tolerance %.3g; ", largestGradient, gradientLimit));
        }
        for (int i = 0; i < dimension; i++) {
            if (!(Math.abs(point[i]) < LOG_PARAMETER_BOUND - 1)) {
                problems.append(names[i]).append(" = ").append(Math.exp(point[i]))
                        .append(" is at the edge of the search range (degenerate data?); ");
            }
        }
        double[] standardErrors = filled(dimension, Double.NaN);
        RealMatrix hessian = negativeHessian(full, point);
        RealMatrix covariance = hessian == null ? null : inverseIfPositiveDefinite(hessian);
        if (covariance == null) {
            problems.append("the Hessian of the negative log-likelihood is not positive definite; ");
        } else {
            for (int i = 0; i < dimension; i++) {
                standardErrors[i] = Math.exp(point[i]) * Math.sqrt(covariance.getEntry(i, i));
            }
        }
        if (budgetExhausted[0] && problems.length() > 0) {
            problems.append("the simplex ran out of evaluations; ");
        }
        String diagnostics = problems.length() == 0 ? "" : problems.substring(0, problems.length() - 2);
        return new Outcome(point, logLikelihood, standardErrors, iterations[0], diagnostics.isEmpty(), diagnostics);
    }

    /** Nelder-Mead from {@code start}, restarted while it improves; null if nothing finite was found. */
    private static PointValuePair simplexWithRestarts(LogLikelihoodFunction function, double[] start,
                                                      int[] iterations, boolean[] budgetExhausted) {
        BestTracker objective = new BestTracker(function);
        double[] point = start.clone();
        double value = objective.value(point);
        for (int restart = 0; restart < SIMPLEX_RESTARTS; restart++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-10, 1e-12));
            PointValuePair result;
            try {
                result = optimizer.optimize(
                        new MaxEval(SIMPLEX_EVALUATIONS),
                        new MaxIter(SIMPLEX_EVALUATIONS),
                        new ObjectiveFunction(objective::value),
                        GoalType.MINIMIZE,
                        new InitialGuess(point),
                        new NelderMeadSimplex(filled(point.length, SIMPLEX_STEP)));
                iterations[0] += optimizer.getIterations();
            } catch (TooManyEvaluationsException exhausted) {
                // Keep the best point seen; Newton and the final checks decide.
                iterations[0] += optimizer.getIterations();
                budgetExhausted[0] = true;
                break;
            }
            boolean improved = result.getValue() < value - 1e-9 * Math.max(1.0, Math.abs(value));
            if (result.getValue() < value) {
                point = result.getPoint();
                value = result.getValue();
            }
            if (!improved) {
                break;
            }
        }
        return objective.bestPoint == null ? null : new PointValuePair(objective.bestPoint, objective.bestValue);
    }

    /** Newton steps with step halving on -log L; returns the last accepted point. */
    private static double[] newton(LogLikelihoodFunction function, double[] start, int[] iterations) {
        int dimension = start.length;
        double[] point = start.clone();
        double[] gradient = new double[dimension];
        double value = -function.evaluate(point, gradient);
        if (!Double.isFinite(value)) {
            return point;
        }
        for (int step = 0; step < NEWTON_STEPS; step++) {
            if (maximumAbsolute(gradient) <= 1e-3 * GRADIENT_TOLERANCE * Math.max(1.0, Math.abs(value))) {
                break;
            }
            RealMatrix hessian = negativeHessian(function, point);
            if (hessian == null) {
                break;
            }
            double[] direction;
            try {
                // Solve H d = g: the ascent direction of log L, i.e. descent of -log L.
                direction = new CholeskyDecomposition(hessian).getSolver().solve(new ArrayRealVector(gradient)).toArray();
            } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
                break;
            }
            iterations[0]++;
            double length = 1.0;
            boolean accepted = false;
            double[] candidateGradient = new double[dimension];
            for (int halving = 0; halving < 40 && !accepted; halving++, length /= 2) {
                double[] candidate = new double[dimension];
                for (int i = 0; i < dimension; i++) {
                    candidate[i] = point[i] + length * direction[i];
                }
                if (!insideBounds(candidate)) {
                    continue;
                }
                double candidateValue = -function.evaluate(candidate, candidateGradient);
                if (candidateValue <= value) {
                    accepted = true;
                    point = candidate;
                    value = candidateValue;
                    System.arraycopy(candidateGradient, 0, gradient, 0, dimension);
                }
            }
            if (!accepted || maximumAbsolute(direction) * length < 1e-13) {
                break;
            }
        }
        return point;
    }

    private static boolean isStationary(LogLikelihoodFunction function, double[] point) {
        double[] gradient = new double[point.length];
        double logLikelihood = function.evaluate(point, gradient);
        return Double.isFinite(logLikelihood)
                && maximumAbsolute(gradient) <= GRADIENT_TOLERANCE * Math.max(1.0, Math.abs(logLikelihood));
    }

    /**
     * Hessian of -log L in log-parameter space from central differences of the analytic
     * gradient, symmetrised; null where the likelihood is undefined nearby.
     */
    private static RealMatrix negativeHessian(LogLikelihoodFunction function, double[] point) {
        int dimension = point.length;
        double[][] entries = new double[dimension][dimension];
        double[] up = new double[dimension];
        double[] down = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            double[] shifted = point.clone();
            shifted[j] += HESSIAN_STEP;
            double upValue = function.evaluate(shifted, up);
            shifted[j] = point[j] - HESSIAN_STEP;
            double downValue = function.evaluate(shifted, down);
            if (!Double.isFinite(upValue) || !Double.isFinite(downValue)) {
                return null;
            }
            for (int i = 0; i < dimension; i++) {
                entries[i][j] = -(up[i] - down[i]) / (2 * HESSIAN_STEP);
            }
        }
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < i; j++) {
                double mean = (entries[i][j] + entries[j][i]) / 2;
                entries[i][j] = mean;
                entries[j][i] = mean;
            }
        }
        for (double[] row : entries) {
            for (double entry : row) {
                if (!Double.isFinite(entry)) {
                    return null;
                }
            }
        }
        return new Array2DRowRealMatrix(entries, false);
    }

    private static RealMatrix inverseIfPositiveDefinite(RealMatrix matrix) {
        try {
            return new CholeskyDecomposition(matrix).getSolver().getInverse();
        } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
            return null;
        }
    }

    private static boolean insideBounds(double[] logParameters) {
        for (double logParameter : logParameters) {
            if (!(Math.abs(logParameter) <= LOG_PARAMETER_BOUND)) {
                return false;
            }
        }
        return true;
    }

    private static double[] filled(int length, double value) {
        double[] result = new double[length];
        Arrays.fill(result, value);
        return result;
    }

    private static double maximumAbsolute(double[] values) {
        double result = 0;
        for (double value : values) {
            result = Math.max(result, Math.abs(value));
        }
        return Double.isNaN(result) ? Double.POSITIVE_INFINITY : result;
    }

    /**
     * The function the simplex minimises: -log L, with +∞ outside the search box or where
     * log L is not finite, so that such points are simply rejected. It also remembers the
     * best point evaluated, which survives an exhausted evaluation budget.
     */
    private static final class BestTracker {
        private final LogLikelihoodFunction function;
        private double[] bestPoint;
        private double bestValue = Double.POSITIVE_INFINITY;

        BestTracker(LogLikelihoodFunction function) {
            this.function = function;
        }

        double value(double[] logParameters) {
            if (!insideBounds(logParameters)) {
                return Double.POSITIVE_INFINITY;
            }
            double result = -function.evaluate(logParameters, null);
            if (Double.isNaN(result) || result == Double.NEGATIVE_INFINITY) {
                return Double.POSITIVE_INFINITY;
            }
            if (result < bestValue) {
                bestValue = result;
                bestPoint = logParameters.clone();
            }
            return result;
        }
    }
}

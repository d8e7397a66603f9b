# gatherscan-corpus: cwe=330 expect=safe
# A seeded Monte Carlo simulation: reproducibility is the point, nothing is secret.
import random
import sys


def estimate_pi(samples, seed=42):
    generator = random.Random(seed)
    inside = 0
    for _ in range(samples):
        x, y = generator.random(), generator.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return 4 * inside / samples


if __name__ == "__main__":
    print(estimate_pi(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))

# The two commands of the README's quick start.
.PHONY: run test
run:  ## install everything and start Bumpwise (web check-in on http://127.0.0.1:8000)
	bash scripts/run.sh
test:  ## install everything and run the whole test suite
	bash scripts/test.sh

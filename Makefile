# The two commands a new user needs; each sets itself up first.
#   make serve   install (once), then run the service embedded on 127.0.0.1:8000
#   make test    install (once), then run the whole test suite
.PHONY: install serve test bench

install:
	@scripts/bootstrap

serve: install
	.venv/bin/callbrief serve --demo

test: install
	scripts/test

bench: install
	.venv/bin/python bench/pipeline_bench.py

#!/bin/sh
# The driver's configure step: does the kernel have pin_user_pages_fast()?
test_pin() {
	echo "void t(void) { pin_user_pages_fast(0, 1, 0, 0); }" >conftest.c
	if compile_test conftest.c; then
		echo "#define XDRV_HAS_PIN 1" >>conftest.h
	fi
}
test_pin

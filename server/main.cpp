// ragserver entry point (being built up: see server/app/).
#include <cstdio>
int main() { std::puts("ragserver " RAGBENCH_VERSION); return 0; }

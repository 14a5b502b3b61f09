# `cpack -G DEB` in a build configured by scripts/package.sh: nettrain_<version>_<arch>.deb, its
# Depends computed by dpkg-shlibdeps from the shared libraries the binaries actually link.
set(CPACK_PACKAGE_NAME nettrain)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "nettrain developers <nettrain@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "neural-network trainer for CPUs driven by YAML configs")
set(CPACK_PACKAGE_DESCRIPTION "nettrain trains dense and convolutional networks described by one YAML
file on CSV, MNIST-IDX or image-folder data, checks gradients, evaluates, classifies
images, exports to ONNX, and offers a C++ inference API (libnettrain, find_package(nettrain)).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The experiment scripts: plot.sh draws with gnuplot, and all of them are bash.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "bash")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox, bash-completion, man-db, openmpi-bin")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

# `cmake --install build [--prefix P]`: the program, the experiment scripts as nettrain-crossval,
# nettrain-search, nettrain-plot and nettrain-compare, the example configs, sample images and docs, bash completion,
# the manual page generated from the program's own help text, and the C++ inference API
# (libnettrain.so, <nettrain/nettrain.hpp>, find_package(nettrain)); docs/install.md.
include(CMakePackageConfigHelpers)

install(TARGETS nettrain RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET nettrain_mpi)
  install(TARGETS nettrain_mpi LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/nettrain)
endif()
install(TARGETS nettrain_api EXPORT nettrainTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY api/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(NETTRAIN_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/nettrain)
install(EXPORT nettrainTargets NAMESPACE nettrain:: DESTINATION ${NETTRAIN_CMAKE_DIR})
configure_package_config_file(cmake/nettrainConfig.cmake.in ${PROJECT_BINARY_DIR}/nettrainConfig.cmake
                              INSTALL_DESTINATION ${NETTRAIN_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/nettrainConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/nettrainConfig.cmake ${PROJECT_BINARY_DIR}/nettrainConfigVersion.cmake
        DESTINATION ${NETTRAIN_CMAKE_DIR})

# The scripts stay together (they source experiment_lib.sh beside them); bin/ gets a wrapper
# for each that points it at the nettrain installed beside the wrapper, wherever the prefix is.
set(NETTRAIN_SCRIPTS_DIR ${CMAKE_INSTALL_DATADIR}/nettrain/scripts)
install(PROGRAMS scripts/crossval.sh scripts/random_search.sh scripts/plot.sh scripts/compare.sh
        DESTINATION ${NETTRAIN_SCRIPTS_DIR})
install(FILES scripts/experiment_lib.sh DESTINATION ${NETTRAIN_SCRIPTS_DIR})
file(RELATIVE_PATH SCRIPTS_FROM_BIN ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_DATADIR}/nettrain/scripts)
foreach(entry crossval:crossval.sh search:random_search.sh plot:plot.sh compare:compare.sh)
  string(REPLACE ":" ";" entry ${entry})
  list(GET entry 0 NAME)
  list(GET entry 1 SCRIPT)
  configure_file(cmake/script_wrapper.sh.in ${PROJECT_BINARY_DIR}/nettrain-${NAME} @ONLY)
  install(PROGRAMS ${PROJECT_BINARY_DIR}/nettrain-${NAME} DESTINATION ${CMAKE_INSTALL_BINDIR})
endforeach()

install(DIRECTORY configs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/nettrain/configs)
install(DIRECTORY data/samples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/nettrain/samples)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Generated from the built program: the manual page and the completion.
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/nettrain.1
                   COMMAND ${CMAKE_COMMAND} -DNETTRAIN=$<TARGET_FILE:nettrain> -DOUT=${PROJECT_BINARY_DIR}/nettrain.1
                           -P ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
                   DEPENDS nettrain ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/nettrain.bash
                   COMMAND ${CMAKE_COMMAND} -DNETTRAIN=$<TARGET_FILE:nettrain> -DOUT=${PROJECT_BINARY_DIR}/nettrain.bash
                           -P ${PROJECT_SOURCE_DIR}/cmake/completion.cmake
                   DEPENDS nettrain ${PROJECT_SOURCE_DIR}/cmake/completion.cmake)
add_custom_target(nettrain_manual ALL DEPENDS ${PROJECT_BINARY_DIR}/nettrain.1 ${PROJECT_BINARY_DIR}/nettrain.bash)
install(FILES ${PROJECT_BINARY_DIR}/nettrain.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/nettrain.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME nettrain)

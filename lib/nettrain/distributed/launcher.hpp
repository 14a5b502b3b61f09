#pragma once
// Joining the processes of `mpirun -np N nettrain train`: the launcher is recognized from the
// environment it gives its processes, and the MPI plugin (libnettrain_mpi.so) is loaded only
// then, so a plain run and every other command never load MPI.
#include <memory>

#include "nettrain/distributed/process_group.hpp"

namespace nettrain {

// Whether an MPI launcher (Open MPI's mpirun/mpiexec, or another PMI/PMIx launcher) started this
// process.
bool started_by_mpi_launcher();

// Initializes MPI through the plugin and returns the job's processes. Throws ConfigError when
// the plugin cannot be found or loaded (nettrain built without MPI, or Open MPI missing).
std::unique_ptr<ProcessGroup> join_mpi_job();

}  // namespace nettrain

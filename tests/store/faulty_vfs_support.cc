#include "faulty_vfs_support.h"

#include <cstring>

namespace lookout::store::testing {

namespace {

// A file opened through the shim: our header, then the real VFS's file.
struct ShimFile {
  sqlite3_file base;
  FaultyVfs* owner;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f)->real(); }

int x_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int x_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) {
  if (!shim(f)->owner->allow_read()) return SQLITE_IOERR_READ;
  return real(f)->pMethods->xRead(real(f), p, n, off);
}
int x_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  return real(f)->pMethods->xWrite(real(f), p, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); }
int x_sync(sqlite3_file* f, int flags) { return real(f)->pMethods->xSync(real(f), flags); }
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int x_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int x_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int x_check_reserved(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int x_file_control(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** p) {
  return real(f)->pMethods->xShmMap(real(f), page, size, extend, p);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int x_shm_unmap(sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); }
// No memory-mapped reads: every page must come through x_read.
int x_fetch(sqlite3_file*, sqlite3_int64, int, void** p) {
  *p = nullptr;
  return SQLITE_OK;
}
int x_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods kMethods = {
    3,          x_close,   x_read,        x_write,    x_truncate,    x_sync,   x_file_size, x_lock,    x_unlock,
    x_check_reserved, x_file_control, x_sector_size, x_device, x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap,
    x_fetch,    x_unfetch,
};

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* owner = static_cast<FaultyVfs*>(vfs->pAppData);
  auto* s = shim(f);
  std::memset(s, 0, sizeof(ShimFile));
  s->owner = owner;
  sqlite3_vfs* under = owner->real();
  int rc = under->xOpen(under, name, s->real(), flags, out_flags);
  s->base.pMethods = rc == SQLITE_OK && s->real()->pMethods != nullptr ? &kMethods : nullptr;
  return rc;
}

}  // namespace

FaultyVfs::FaultyVfs() {
  real_ = sqlite3_vfs_find(nullptr);
  vfs_ = *real_;
  vfs_.zName = "lookout-faulty";
  vfs_.szOsFile = static_cast<int>(sizeof(ShimFile)) + real_->szOsFile;
  vfs_.pAppData = this;
  vfs_.xOpen = x_open;
  sqlite3_vfs_register(&vfs_, 1);
}

FaultyVfs::~FaultyVfs() {
  sqlite3_vfs_unregister(&vfs_);
  sqlite3_vfs_register(real_, 1);
}

bool FaultyVfs::allow_read() {
  uint64_t n = ++reads_;
  if (failing_ && n > fail_after_) {
    ++refused_;
    return false;
  }
  return true;
}

}  // namespace lookout::store::testing

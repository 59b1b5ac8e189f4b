// Starts kinesalite on 127.0.0.1 only (its command line listens on every interface):
// node start-kinesalite.js KINESALITE_MODULE_DIR DATA_DIR PORT
const kinesalite = require(process.argv[2]);
kinesalite({ path: process.argv[3], createStreamMs: 50, deleteStreamMs: 50, updateStreamMs: 50 })
  .listen(Number(process.argv[4]), '127.0.0.1', error => {
    if (error) {
      throw error;
    }
    console.log('listening');
  });
